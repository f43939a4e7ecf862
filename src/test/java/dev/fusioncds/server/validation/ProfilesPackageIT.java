package dev.fusioncds.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;

/** The FHIR package Maven builds (target/dev.fusion-cds.fhir-1.0.0.tgz) loads as one, with every profile and example. */
class ProfilesPackageIT {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void packageHoldsEveryProfileAndAnExampleFolder() throws IOException {
		NpmPackage npm;
		try (InputStream in = Files.newInputStream(Path.of("target/dev.fusion-cds.fhir-1.0.0.tgz"))) {
			npm = NpmPackage.fromPackage(in);
		}

		assertThat(npm.name()).isEqualTo("dev.fusion-cds.fhir");
		assertThat(npm.fhirVersion()).isEqualTo("4.0.1");
		List<String> profiles = new ArrayList<>();
		for (String file : npm.listResources("StructureDefinition")) {
			try (InputStream in = npm.loadResource(file)) {
				IBaseResource resource = FHIR.newJsonParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				profiles.add(((StructureDefinition) resource).getUrl());
			}
		}
		List<String> ours = ConformanceResources.loadFromClasspath(FHIR).all().stream().filter(StructureDefinition.class::isInstance)
				.map(sd -> ((StructureDefinition) sd).getUrl()).toList();
		assertThat(profiles).hasSize(7).containsExactlyInAnyOrderElementsOf(ours);
		assertThat(npm.listResources("OperationDefinition", "Measure", "CodeSystem")).hasSizeGreaterThanOrEqualTo(8);
		assertThat(npm.getFolders().get("example").listFiles()).hasSize(9);
	}
}
