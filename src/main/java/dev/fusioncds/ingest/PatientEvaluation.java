package dev.fusioncds.ingest;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.suggest.Evaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Re-evaluates one stored patient and reconciles the stored suggestions, in the caller's transaction. */
@Component
public class PatientEvaluation {

	private static final Logger log = LoggerFactory.getLogger(PatientEvaluation.class);

	private final PatientRecord record;
	private final Evaluator evaluator;
	private final SuggestionStore store;
	private final FusionPatients fusionPatients;

	PatientEvaluation(PatientRecord record, Evaluator evaluator, SuggestionStore store, FusionPatients fusionPatients) {
		this.record = record;
		this.evaluator = evaluator;
		this.store = store;
		this.fusionPatients = fusionPatients;
	}

	public SuggestionStore.Outcome reevaluate(String patientRef, Jurisdiction jurisdiction, RequestDetails request) {
		PatientRecord.Contents contents = record.load(patientRef, request);
		Evaluator.Result result = evaluator.evaluate(contents.input(), jurisdiction);
		SuggestionStore.Outcome outcome = store.reconcile(result.resources(), contents.suggestions(), request);
		if (!result.findings().isEmpty() || !contents.suggestions().isEmpty()) {
			fusionPatients.record(patientRef, evaluator.knowledgeVersion());
		}
		log.debug("{}: {} findings, {} suggestions; {} written, {} unchanged, {} withdrawn", patientRef,
				result.findings().size(), result.evaluation().suggestions().size(), outcome.written(), outcome.unchanged(),
				outcome.withdrawn());
		return outcome;
	}
}
