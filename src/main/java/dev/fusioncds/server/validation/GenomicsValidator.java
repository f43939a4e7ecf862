package dev.fusioncds.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates resources against the base spec, the vendored IG packages and our own artefacts, all
 * held in memory. LOINC, HGNC, SNOMED CT and RxNorm are not loaded: codes from those systems are
 * not checked against the code system, only against the value sets that enumerate them.
 *
 * <p>The core validator re-reads its 21,000-row OID registry for every resource; {@code oidregistry.csv} in our
 * resources (its header row only) shadows it, which halves validation time. No result changes: the registry
 * only tells whether a {@code urn:oid:} URL resolves, which is asked only of a validator with a resource
 * fetcher; this one has none, and HAPI's {@code $validate} fetcher resolves every URL
 * ({@code OidRegistryShadowTest}, {@code OidRegistryShadowIT}).
 */
public class GenomicsValidator {

	private final FhirInstanceValidator module;
	private final FhirValidator validator;

	public GenomicsValidator(FhirContext fhirContext, IgPackages igPackages, ConformanceResources ownArtefacts) {
		this.module = new FhirInstanceValidator(supportChain(fhirContext, igPackages, ownArtefacts));
		module.setAnyExtensionsAllowed(true);
		module.setErrorForUnknownProfiles(true);
		this.validator = fhirContext.newValidator().registerValidatorModule(module);
	}

	/** What validation knows: the base spec, our artefacts, the IG packages, in-memory terminology. */
	static ValidationSupportChain supportChain(FhirContext fhirContext, IgPackages igPackages, ConformanceResources ownArtefacts) {
		return new ValidationSupportChain(
				new DefaultProfileValidationSupport(fhirContext),
				ownSupport(fhirContext, ownArtefacts),
				igPackages.validationSupport(),
				new CommonCodeSystemsTerminologyService(fhirContext),
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new SnapshotGeneratingValidationSupport(fhirContext),
				unknownCodeSystemsAreWarnings(fhirContext));
	}

	public ValidationResult validate(IBaseResource resource) {
		return validator.validateWithResult(resource);
	}

	/** Whether validation looks URLs up (it has a resource fetcher): the OID-registry shadow needs it not to. */
	boolean resolvesUrls() {
		return module.getValidatorResourceFetcher() != null;
	}

	public static boolean hasErrors(ValidationResult result) {
		return result.getMessages().stream()
				.anyMatch(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal());
	}

	private static PrePopulatedValidationSupport ownSupport(FhirContext fhirContext, ConformanceResources artefacts) {
		PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(fhirContext);
		artefacts.all().forEach(support::addResource);
		return support;
	}

	private static UnknownCodeSystemWarningValidationSupport unknownCodeSystemsAreWarnings(FhirContext fhirContext) {
		UnknownCodeSystemWarningValidationSupport support = new UnknownCodeSystemWarningValidationSupport(fhirContext);
		support.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
		return support;
	}
}
