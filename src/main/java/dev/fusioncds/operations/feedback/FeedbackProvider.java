package dev.fusioncds.operations.feedback;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.fusioncds.server.validation.ConformanceResources;
import dev.fusioncds.suggest.SuggestionFeedback;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * {@code POST [base]/Task/[id]/$feedback}: a clinician accepts or rejects a suggestion (the review
 * page's buttons), recorded through the same {@link SuggestionFeedback} as CDS Hooks feedback. A
 * rejection needs a reason from {@code CodeSystem/override-reason}; the answer is the updated Task.
 */
@Component
public class FeedbackProvider {

	static final String CANONICAL = "https://fusion-cds.dev/fhir/OperationDefinition/feedback";
	static final String OVERRIDE_SYSTEM = "https://fusion-cds.dev/fhir/CodeSystem/override-reason";

	private final SuggestionFeedback feedback;
	private final Clock clock;
	/** code → display of every override reason */
	private final Map<String, String> reasons;

	FeedbackProvider(SuggestionFeedback feedback, ConformanceResources conformance, Clock clock) {
		this.feedback = feedback;
		this.clock = clock;
		this.reasons = conformance.all().stream()
				.filter(r -> r instanceof CodeSystem cs && OVERRIDE_SYSTEM.equals(cs.getUrl()))
				.map(CodeSystem.class::cast)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("terminology/fhir has no " + OVERRIDE_SYSTEM))
				.getConcept().stream()
				.collect(Collectors.toUnmodifiableMap(CodeSystem.ConceptDefinitionComponent::getCode,
						CodeSystem.ConceptDefinitionComponent::getDisplay));
	}

	@Operation(name = "$feedback", typeName = "Task", canonicalUrl = CANONICAL)
	public Task feedback(
			@IdParam IdType task,
			@OperationParam(name = "outcome", min = 1, max = 1) CodeType outcome,
			@OperationParam(name = "reason", max = 1) Coding reason,
			@OperationParam(name = "comment", max = 1) StringType comment) {
		String said = comment == null || !comment.hasValue() || comment.getValue().isBlank() ? "" : ": " + comment.getValue().strip();
		String at = " through $feedback at " + Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
		SuggestionFeedback.Decision decision = switch (outcome == null ? "" : outcome.getValueAsString()) {
			case "accepted" -> {
				if (reason != null) {
					throw new InvalidRequestException("'reason' is for a rejection only");
				}
				yield new SuggestionFeedback.Decision(task.getIdPart(), true, null, "Accepted" + at + said);
			}
			case "rejected" -> new SuggestionFeedback.Decision(task.getIdPart(), false, overrideReason(reason), "Rejected" + at + said);
			default -> throw new InvalidRequestException("'outcome' must be 'accepted' or 'rejected'");
		};
		try {
			return feedback.record(List.of(decision)).get(0);
		} catch (SuggestionFeedback.NotASuggestion e) {
			throw new ResourceNotFoundException(e.getMessage());
		}
	}

	/** The reason as a coding of the override-reason CodeSystem, with its display. */
	private Coding overrideReason(Coding reason) {
		if (reason == null || !reason.hasCode()) {
			throw new InvalidRequestException("A rejection needs a 'reason' from " + OVERRIDE_SYSTEM);
		}
		if (!OVERRIDE_SYSTEM.equals(reason.getSystem()) || !reasons.containsKey(reason.getCode())) {
			throw new InvalidRequestException("'reason' must be one of " + OVERRIDE_SYSTEM + ": "
					+ reasons.keySet().stream().sorted().toList() + ", not " + reason.getSystem() + "|" + reason.getCode());
		}
		return new Coding(OVERRIDE_SYSTEM, reason.getCode(), reasons.get(reason.getCode()));
	}
}
