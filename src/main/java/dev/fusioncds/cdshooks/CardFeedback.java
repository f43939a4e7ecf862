package dev.fusioncds.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fusioncds.suggest.SuggestionFeedback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.stereotype.Component;

/**
 * CDS Hooks feedback, recorded on the suggestion's stored Task through {@link SuggestionFeedback}:
 * accepted → {@code accepted}; overridden → {@code rejected} with the override reason as
 * {@code statusReason} and the comment in a note. {@code Task?patient=…&status=rejected} finds them.
 * A card this server never stored (unknown uuid, or cards for data only sent as prefetch) is refused
 * with 400, so a client notices.
 */
@Component
class CardFeedback {

	private final SuggestionFeedback feedback;

	CardFeedback(SuggestionFeedback feedback) {
		this.feedback = feedback;
	}

	public int record(String serviceId, JsonNode body) {
		JsonNode items = body == null ? null : body.get("feedback");
		if (items == null || !items.isArray() || items.isEmpty()) {
			throw CdsHookRequest.bad("'feedback' must be a non-empty array");
		}
		List<SuggestionFeedback.Decision> decisions = new ArrayList<>();
		Map<String, String> cardOfTask = new HashMap<>();
		for (JsonNode item : items) {
			SuggestionFeedback.Decision decision = decision(serviceId, item);
			cardOfTask.put(decision.taskId(), item.path("card").asText(null));
			decisions.add(decision);
		}
		try {
			return feedback.record(decisions).size();
		} catch (SuggestionFeedback.NotASuggestion e) {
			throw CdsHookRequest.bad("Card '" + cardOfTask.get(e.taskId())
					+ "' is not a stored suggestion (cards for prefetch-only data take no feedback)");
		}
	}

	private static SuggestionFeedback.Decision decision(String serviceId, JsonNode item) {
		String card = item.path("card").asText(null);
		String taskId = Cards.taskIdOf(card).orElseThrow(() -> CdsHookRequest.bad("Unknown card uuid '" + card + "'"));
		String outcome = item.path("outcome").asText("");
		String when = item.path("outcomeTimestamp").asText("");
		String at = when.isEmpty() ? "" : " at " + when;
		return switch (outcome) {
			case "accepted" -> new SuggestionFeedback.Decision(taskId, true, null,
					"Accepted through CDS Hooks service " + serviceId + at);
			case "overridden" -> {
				JsonNode reason = item.path("overrideReason");
				JsonNode coding = reason.path("reason");
				String comment = reason.path("userComment").asText("");
				yield new SuggestionFeedback.Decision(taskId, false,
						coding.hasNonNull("code") ? new Coding(coding.path("system").asText(null), coding.path("code").asText(),
								coding.path("display").asText(null)) : null,
						"Overridden through CDS Hooks service " + serviceId + at + (comment.isEmpty() ? "" : ": " + comment));
			}
			default -> throw CdsHookRequest.bad("'outcome' must be 'accepted' or 'overridden', not '" + outcome + "'");
		};
	}
}
