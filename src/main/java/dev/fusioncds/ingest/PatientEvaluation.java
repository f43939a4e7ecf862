package dev.fusioncds.ingest;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.rules.SuggestionKind;
import dev.fusioncds.suggest.Evaluator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.ServiceRequest;
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
	private final ScreeningStates screening;

	PatientEvaluation(PatientRecord record, Evaluator evaluator, SuggestionStore store, FusionPatients fusionPatients,
			ScreeningStates screening) {
		this.record = record;
		this.evaluator = evaluator;
		this.store = store;
		this.fusionPatients = fusionPatients;
		this.screening = screening;
	}

	public SuggestionStore.Outcome reevaluate(String patientRef, Jurisdiction jurisdiction, RequestDetails request) {
		return reevaluate(patientRef, record.load(patientRef, request), jurisdiction, request);
	}

	/** The same for several patients, their records read together ({@link PatientRecord#loadEach}). */
	void reevaluateEach(List<String> patientRefs, Jurisdiction jurisdiction, RequestDetails request) {
		record.loadEach(patientRefs, request).forEach((patient, contents) -> reevaluate(patient, contents, jurisdiction, request));
	}

	/** The same from a record the caller already holds: all the store has on the patient, suggestions apart. */
	SuggestionStore.Outcome reevaluate(String patientRef, PatientRecord.Contents contents, Jurisdiction jurisdiction,
			RequestDetails request) {
		Evaluator.Result result = evaluator.evaluateForStore(contents.input(), jurisdiction);
		SuggestionStore.Outcome outcome = store.reconcile(result.resources(), contents, request);
		screening.replace(patientRef, result.screening(), retestProposals(result));
		if (!result.findings().isEmpty() || !contents.suggestions().isEmpty() || !result.screening().isEmpty()) {
			fusionPatients.record(patientRef, evaluator.knowledgeVersion());
		}
		log.debug("{}: {} findings, {} suggestions; {} written, {} unchanged, {} withdrawn", patientRef,
				result.findings().size(), result.evaluation().suggestions().size(), outcome.written(), outcome.unchanged(),
				outcome.withdrawn());
		return outcome;
	}

	/** Target gene → the retest ServiceRequest just stored for it: the mitigation a screening gap names. */
	private static Map<String, String> retestProposals(Evaluator.Result result) {
		Map<String, String> proposals = new HashMap<>();
		for (Evaluator.Emitted emitted : result.emitted()) {
			if (emitted.suggestion().kind() == SuggestionKind.RETEST) {
				emitted.resources().stream().filter(r -> r instanceof ServiceRequest).findFirst().ifPresent(request ->
						proposals.putIfAbsent(emitted.suggestion().target(), "ServiceRequest/" + request.getIdElement().getIdPart()));
			}
		}
		return proposals;
	}
}
