package dev.fusioncds.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.util.FhirTerser;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.suggest.Evaluator;
import dev.fusioncds.suggest.SuggestionResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
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
	private final boolean newPatientRecordIsWhatWasWritten;

	/** @param evaluate false: only mark patients with new fusion results or cancer diagnoses as not yet evaluated (bulk loads) */
	public SuggestionsOnIngest(FhirContext fhirContext, JpaStorageSettings storageSettings, Evaluator evaluator,
			PatientEvaluation evaluation, FusionPatients fusionPatients, Jurisdiction jurisdiction, boolean evaluate) {
		this.terser = fhirContext.newTerser();
		this.evaluator = evaluator;
		this.evaluation = evaluation;
		this.fusionPatients = fusionPatients;
		this.jurisdiction = jurisdiction;
		this.evaluate = evaluate;
		this.newPatientRecordIsWhatWasWritten = storageSettings.isEnforceReferentialIntegrityOnWrite()
				&& !storageSettings.isExpungeEnabled() && !storageSettings.isDeleteExpungeEnabled();
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		noteOurs(resource);
		note(resource, Write.CREATED);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		noteOurs(resource);
		noteFormerPatient(previous, resource);
		note(resource, Write.UPDATED);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		note(resource, Write.DELETED);
	}

	private void note(IBaseResource written, Write write) {
		Resource resource = watched(written);
		if (resource == null) {
			return;
		}
		String patient = patientOf(resource);
		if (patient == null) {
			return;
		}
		boolean mustEvaluate = triggersEvaluation(resource);
		if (evaluate) {
			pending().written(patient, resource, write);
		}
		if (evaluate || mustEvaluate) {
			pending().add(patient, mustEvaluate);
		}
	}

	/**
	 * A resource under one of our ids that the client wrote (a replayed export, say): the store then
	 * holds suggestions only reading the record back finds, so this transaction reads every record back.
	 */
	private void noteOurs(IBaseResource written) {
		if (evaluate && SuggestionResources.isOurId(written.getIdElement().getIdPart())
				&& TransactionSynchronizationManager.isSynchronizationActive()) {
			pending().oursWritten();
		}
	}

	/**
	 * A resource moved to another patient leaves the one it named: that patient is re-evaluated too,
	 * or it would keep suggestions resting on a result that is no longer its own.
	 */
	private void noteFormerPatient(IBaseResource previous, IBaseResource written) {
		Resource before = watched(previous);
		if (before == null || !(written instanceof Resource resource)) {
			return;
		}
		String former = patientOf(before);
		if (former == null || former.equals(patientOf(resource))) {
			return;
		}
		boolean mustEvaluate = triggersEvaluation(before);
		if (evaluate || mustEvaluate) {
			pending().add(former, mustEvaluate);
		}
	}

	/** The resource if it is patient data the engine reads (not our own output), else null. */
	private static Resource watched(IBaseResource written) {
		return written instanceof Resource resource && WATCHED_TYPES.contains(resource.fhirType())
				&& !SuggestionResources.isSuggestion(resource) ? resource : null;
	}

	/** A fusion result or a cancer diagnosis: its patient is evaluated even if not yet followed. */
	private boolean triggersEvaluation(Resource resource) {
		return resource instanceof Observation observation && evaluator.isFusionResult(observation)
				|| resource instanceof DiagnosticReport report && evaluator.isFusionReport(report)
				|| resource instanceof Condition condition && evaluator.recordsCancer(condition);
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

	private enum Write { CREATED, UPDATED, DELETED }

	/** The patients one transaction touched, evaluated just before it commits. */
	private final class Pending implements TransactionSynchronization {

		private final Set<String> mustEvaluate = new LinkedHashSet<>();
		private final Set<String> ifFollowed = new LinkedHashSet<>();
		/** Patients this transaction created as version 1: no resource stored before can name them. */
		private final Set<String> created = new HashSet<>();
		/** Per patient, what this transaction wrote about it (the last version of each resource; none deleted). */
		private final Map<String, Map<String, Resource>> written = new HashMap<>();
		private boolean evaluating;
		/** The client wrote resources under our ids: no record is taken from the transaction. */
		private boolean oursWrittenByClient;

		void add(String patient, boolean always) {
			(always ? mustEvaluate : ifFollowed).add(patient);
		}

		void oursWritten() {
			oursWrittenByClient |= !evaluating;
		}

		void written(String patient, Resource resource, Write write) {
			if (write == Write.CREATED && resource instanceof Patient && "1".equals(resource.getIdElement().getVersionIdPart())) {
				created.add(patient);
			}
			Map<String, Resource> resources = written.computeIfAbsent(patient, p -> new LinkedHashMap<>());
			String id = resource.getIdElement().toUnqualifiedVersionless().getValue();
			if (write == Write.DELETED) {
				resources.remove(id);
			} else {
				resources.put(id, resource);
			}
		}

		/**
		 * Re-evaluates the patients from what the store holds on each: for one this transaction
		 * created, exactly what the transaction wrote about it (with referential integrity enforced on
		 * write and nothing ever expunged, no earlier resource can name a patient id that never
		 * existed), which costs neither a flush of the session nor a search; the stored ones' records
		 * read back together ({@link PatientRecord#loadEach}).
		 */
		private void reevaluate(List<String> patients, SystemRequestDetails request) {
			List<String> readBack = new ArrayList<>();
			for (String patient : patients) {
				if (newPatientRecordIsWhatWasWritten && !oursWrittenByClient && created.contains(patient)) {
					evaluation.reevaluate(patient, PatientRecord.Contents.of(written.get(patient).values()), jurisdiction, request);
				} else {
					readBack.add(patient);
				}
			}
			if (!readBack.isEmpty()) {
				evaluation.reevaluateEach(readBack, jurisdiction, request);
			}
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			evaluating = true;
			if (!evaluate) {
				mustEvaluate.forEach(patient -> fusionPatients.record(patient, FusionPatients.NOT_EVALUATED));
				return;
			}
			List<String> patients = new ArrayList<>(mustEvaluate);
			ifFollowed.stream().filter(patient -> !mustEvaluate.contains(patient) && fusionPatients.contains(patient))
					.forEach(patients::add);
			reevaluate(patients, new SystemRequestDetails());
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(SuggestionsOnIngest.this);
		}
	}
}
