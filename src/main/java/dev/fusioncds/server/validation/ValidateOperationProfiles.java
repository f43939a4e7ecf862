package dev.fusioncds.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import org.springframework.stereotype.Component;

/**
 * Makes HAPI's own validation chain ({@code [type]/$validate}, {@code ?profile=}) answer as our
 * genomics validator does: our profiles and the vendored IG packages from memory, and codes of
 * terminologies we do not load (LOINC, SNOMED CT…) a warning, not an error. Asked first, so a
 * GRIG value set of LOINC answers is not judged by a terminology service that has no LOINC.
 */
@Component
class ValidateOperationProfiles {

	ValidateOperationProfiles(JpaValidationSupportChain chain, FhirContext fhirContext, IgPackages igPackages, ConformanceResources artefacts) {
		chain.addValidationSupport(0, GenomicsValidator.supportChain(fhirContext, igPackages, artefacts));
		chain.invalidateCaches();
	}
}
