package dev.fusioncds.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.DeleteConflictList;
import ca.uhn.fhir.jpa.delete.DeleteConflictOutcome;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.util.FhirTerser;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.suggest.Evaluator;
import dev.fusioncds.suggest.SuggestionResources;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Suggestions on ingest, in the same database transaction as the result. Every stored write of a
 * patient's clinical data notes the patient; just before the transaction commits (once per
 * request, so a transaction Bundle's report and its Observations are evaluated together) the noted
 * patients are re-evaluated and their suggestions and screening state reconciled. A fusion result
 * or a cancer diagnosis always triggers that; other context (a medication, another result, the
 * Patient) only for a patient already followed, which costs one primary-key lookup. Nothing is
 * acknowledged without its suggestions: they commit or roll back with the result.
 */
@Interceptor
public class SuggestionsOnIngest {

	/** The patient and everything the engine reads about it. */
	static final Set<String> WATCHED_TYPES =
			Stream.concat(Stream.of("Patient"), PatientRecord.INPUT_TYPES.stream()).collect(Collectors.toUnmodifiableSet());

	private final FhirTerser terser;
	private final Evaluator evaluator;
	private final PatientEvaluation evaluation;
	private final FusionPatients fusionPatients;
	private final Jurisdiction jurisdiction;
	private final boolean evaluate;

	/** @param evaluate false: only mark patients with new fusion results or cancer diagnoses as not yet evaluated (bulk loads) */
	public SuggestionsOnIngest(FhirContext fhirContext, Evaluator evaluator, PatientEvaluation evaluation,
			FusionPatients fusionPatients, Jurisdiction jurisdiction, boolean evaluate) {
		this.terser = fhirContext.newTerser();
		this.evaluator = evaluator;
		this.evaluation = evaluation;
		this.fusionPatients = fusionPatients;
		this.jurisdiction = jurisdiction;
		this.evaluate = evaluate;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		note(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		note(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		note(resource);
	}

	/**
	 * Our suggestions point at the results they rest on; they must not stop a lab from deleting a
	 * result. The deletion then withdraws them (their references stay, as history).
	 */
	@Hook(Pointcut.STORAGE_PRESTORAGE_DELETE_CONFLICTS)
	public DeleteConflictOutcome deleteConflicts(DeleteConflictList conflicts) {
		conflicts.removeIf(conflict -> conflict.getSourceId().getIdPart().startsWith(SuggestionResources.ID_PREFIX));
		return null;
	}

	private void note(IBaseResource written) {
		if (!(written instanceof Resource resource) || !WATCHED_TYPES.contains(resource.fhirType())
				|| SuggestionResources.isSuggestion(resource)) {
			return;
		}
		String patient = patientOf(resource);
		if (patient == null) {
			return;
		}
		boolean mustEvaluate = resource instanceof Observation observation && evaluator.isFusionResult(observation)
				|| resource instanceof DiagnosticReport report && evaluator.isFusionReport(report)
				|| resource instanceof Condition condition && evaluator.recordsCancer(condition);
		if (evaluate || mustEvaluate) {
			pending().add(patient, mustEvaluate);
		}
	}

	private String patientOf(Resource resource) {
		if ("Patient".equals(resource.fhirType())) {
			return resource.getIdElement().toUnqualifiedVersionless().getValue();
		}
		Reference subject = terser.getSingleValueOrNull(resource, "subject", Reference.class);
		if (subject == null || !subject.hasReference() || !"Patient".equals(subject.getReferenceElement().getResourceType())) {
			return null;
		}
		return subject.getReferenceElement().toUnqualifiedVersionless().getValue();
	}

	private Pending pending() {
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			pending = new Pending();
			TransactionSynchronizationManager.bindResource(this, pending);
			TransactionSynchronizationManager.registerSynchronization(pending);
		}
		return pending;
	}

	/** The patients one transaction touched, evaluated just before it commits. */
	private final class Pending implements TransactionSynchronization {

		private final Set<String> mustEvaluate = new LinkedHashSet<>();
		private final Set<String> ifFollowed = new LinkedHashSet<>();

		void add(String patient, boolean always) {
			(always ? mustEvaluate : ifFollowed).add(patient);
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			if (!evaluate) {
				mustEvaluate.forEach(patient -> fusionPatients.record(patient, FusionPatients.NOT_EVALUATED));
				return;
			}
			SystemRequestDetails request = new SystemRequestDetails();
			for (String patient : mustEvaluate) {
				evaluation.reevaluate(patient, jurisdiction, request);
			}
			for (String patient : ifFollowed) {
				if (!mustEvaluate.contains(patient) && fusionPatients.contains(patient)) {
					evaluation.reevaluate(patient, jurisdiction, request);
				}
			}
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(SuggestionsOnIngest.this);
		}
	}
}
