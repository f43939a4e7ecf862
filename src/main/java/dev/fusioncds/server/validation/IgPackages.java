package dev.fusioncds.server.validation;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * The vendored IG packages (GRIG 3.0.0), loaded once from the classpath — never downloaded — and
 * shared by the genomics validator, {@code $validate} and the publication of the profiles we claim.
 */
public final class IgPackages {

	private final NpmPackageValidationSupport support;

	private IgPackages(NpmPackageValidationSupport support) {
		this.support = support;
	}

	/** @param locations classpath locations of .tgz packages */
	public static IgPackages load(FhirContext fhirContext, String[] locations) {
		NpmPackageValidationSupport support = new NpmPackageValidationSupport(fhirContext);
		for (String location : locations) {
			try {
				support.loadPackageFromClasspath(location);
			} catch (IOException e) {
				throw new IllegalStateException("Cannot load IG package " + location + " from the classpath", e);
			}
		}
		return new IgPackages(support);
	}

	NpmPackageValidationSupport validationSupport() {
		return support;
	}

	/** The profiles with these canonical URLs; a URL no package defines is an error at start. */
	public List<StructureDefinition> profiles(List<String> urls) {
		return urls.stream().map(url -> Optional.ofNullable((StructureDefinition) support.fetchStructureDefinition(url))
				.orElseThrow(() -> new IllegalStateException("No vendored IG package defines the profile " + url))).toList();
	}
}
