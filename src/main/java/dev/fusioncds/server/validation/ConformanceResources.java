package dev.fusioncds.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Our own FHIR conformance artefacts, read from the classpath (never the network): profiles and
 * OperationDefinitions from {@code fhir-profiles/}, CodeSystems and ValueSets from
 * {@code terminology/fhir/}.
 */
public final class ConformanceResources {

	static final String[] LOCATIONS = {"classpath*:fhir-profiles/*.json", "classpath*:terminology/fhir/*.json"};
	private static final Set<String> CONFORMANCE_TYPES =
			Set.of("StructureDefinition", "OperationDefinition", "CodeSystem", "ValueSet", "SearchParameter", "Measure");

	private final List<IBaseResource> resources;

	private ConformanceResources(List<IBaseResource> resources) {
		this.resources = List.copyOf(resources);
	}

	public static ConformanceResources loadFromClasspath(FhirContext fhirContext) {
		IParser parser = fhirContext.newJsonParser();
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		List<IBaseResource> loaded = new ArrayList<>();
		try {
			for (String location : LOCATIONS) {
				Resource[] files = resolver.getResources(location);
				Arrays.sort(files, Comparator.comparing(Resource::getFilename));
				for (Resource file : files) {
					loaded.add(parse(parser, file));
				}
			}
		} catch (IOException e) {
			throw new IllegalStateException("Cannot read FHIR artefacts from the classpath", e);
		}
		return new ConformanceResources(loaded);
	}

	private static IBaseResource parse(IParser parser, Resource file) throws IOException {
		try (InputStream in = file.getInputStream()) {
			IBaseResource resource = parser.parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			String type = resource.fhirType();
			if (!CONFORMANCE_TYPES.contains(type)) {
				throw new IllegalStateException(file.getFilename() + " is a " + type + ", not a conformance resource");
			}
			return resource;
		}
	}

	public List<IBaseResource> all() {
		return resources;
	}
}
