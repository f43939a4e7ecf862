package dev.fusioncds.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ValidationResult;
import dev.fusioncds.fusion.FusionFindingReader;
import dev.fusioncds.server.StoredContent;
import dev.fusioncds.suggest.SuggestionResources;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Rejects a genomics result that fails profile validation with 422 and the validator's
 * OperationOutcome (each issue names the element), and one that contradicts itself (one gene as
 * both partners, a coded Present/Absent its own text denies). It hooks storage, not the HTTP request, so it
 * also covers every entry of a transaction Bundle: one invalid entry rolls the whole Bundle back.
 */
@Interceptor
public class GenomicsValidationInterceptor {

	private final FhirContext fhirContext;
	private final GenomicsValidator validator;
	private final FusionFindingReader fusionResults;

	public GenomicsValidationInterceptor(FhirContext fhirContext, GenomicsValidator validator, FusionFindingReader fusionResults) {
		this.fhirContext = fhirContext;
		this.validator = validator;
		this.fusionResults = fusionResults;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void resourceCreated(IBaseResource resource) {
		check(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void resourceUpdated(IBaseResource previous, IBaseResource resource) {
		// a lab re-sending a report PUTs what is stored already: it stores nothing new, so nothing to validate
		if (!(previous instanceof Resource stored && resource instanceof Resource sent && StoredContent.same(stored, sent))) {
			check(resource);
		}
	}

	private void check(IBaseResource resource) {
		// Our own TherapeuticImplications are genomics resources too; every golden case's output is
		// validated in the build (SuggestionResourcesValidationTest), so ingest does not pay again.
		if (!GenomicsResults.isGenomicsResult(resource)
				|| (resource instanceof Resource r && SuggestionResources.isSuggestion(r))) {
			return;
		}
		ValidationResult result = validator.validate(resource);
		if (GenomicsValidator.hasErrors(result)) {
			throw new UnprocessableEntityException(fhirContext, result.toOperationOutcome());
		}
		if (resource instanceof Observation observation) {
			List<String> contradictions = fusionResults.contradictions(observation);
			if (!contradictions.isEmpty()) {
				OperationOutcome outcome = new OperationOutcome();
				contradictions.forEach(problem -> outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
						.setCode(OperationOutcome.IssueType.BUSINESSRULE).setDiagnostics("Contradictory fusion result: " + problem));
				throw new UnprocessableEntityException(fhirContext, outcome);
			}
		}
	}
}
