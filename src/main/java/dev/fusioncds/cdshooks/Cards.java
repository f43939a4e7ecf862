package dev.fusioncds.cdshooks;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceIndicatorEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardSourceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCodingJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionJson;
import dev.fusioncds.knowledge.Source;
import dev.fusioncds.rules.Suggestion;
import dev.fusioncds.rules.SuggestionKind;
import dev.fusioncds.suggest.Evaluator;
import dev.fusioncds.suggest.SuggestionResources;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Suggestions → CDS Hooks cards. One card per suggestion; its uuid encodes the suggestion's
 * deterministic key, so the same suggestion gets the same card uuid on every call and on every
 * node, and feedback on the card finds the stored Task without any card registry.
 */
final class Cards {

	static final String OVERRIDE_SYSTEM = "https://fusion-cds.dev/fhir/CodeSystem/override-reason";
	private static final String CARD_PREFIX = "fcd5ca4d";
	private static final String ACTION_PREFIX = "fcd5a5c0";

	private Cards() {}

	/** @param overrideReasons offered on every card: the concepts of CodeSystem/override-reason */
	static CdsServiceResponseJson response(Evaluator.Result result, String knowledgeVersion,
			List<CdsServiceResponseCodingJson> overrideReasons) {
		CdsServiceResponseJson response = new CdsServiceResponseJson();
		result.emitted().forEach(emitted -> response.addCard(card(emitted, knowledgeVersion, overrideReasons)));
		return response;
	}

	/** The override reasons as cards carry them, from the published CodeSystem. */
	static List<CdsServiceResponseCodingJson> overrideReasons(CodeSystem codeSystem) {
		return codeSystem.getConcept().stream()
				.map(c -> new CdsServiceResponseCodingJson().setSystem(OVERRIDE_SYSTEM).setCode(c.getCode()).setDisplay(c.getDisplay()))
				.toList();
	}

	private static CdsServiceResponseCardJson card(Evaluator.Emitted emitted, String knowledgeVersion,
			List<CdsServiceResponseCodingJson> overrideReasons) {
		Suggestion suggestion = emitted.suggestion();
		Task task = emitted.resources().stream().filter(Task.class::isInstance).map(Task.class::cast).findFirst().orElseThrow();
		CdsServiceResponseCardJson card = new CdsServiceResponseCardJson()
				.setUuid(uuid(CARD_PREFIX, keyOf(task)))
				.setSummary(suggestion.summary())
				.setIndicator(suggestion.kind() == SuggestionKind.THERAPY || suggestion.kind() == SuggestionKind.TRIAL
						? CdsServiceIndicatorEnum.INFO : CdsServiceIndicatorEnum.WARNING)
				.setSource(source(suggestion, knowledgeVersion))
				.setDetail(SuggestionResources.explanation(suggestion));
		card.setOverrideReasons(overrideReasons);
		proposal(emitted).ifPresent(request -> {
			CdsServiceResponseSuggestionActionJson action = new CdsServiceResponseSuggestionActionJson()
					.setType("create")
					.setDescription(label(request))
					.setResource(request);
			CdsServiceResponseSuggestionJson option = new CdsServiceResponseSuggestionJson()
					.setLabel(label(request))
					.setUuid(uuid(ACTION_PREFIX, keyOf(task)))
					.setRecommended(true);
			option.addAction(action);
			card.addSuggestion(option);
			card.setSelectionBehaviour("at-most-one");
		});
		return card;
	}

	/** The Task id {@code fcds-<key>-task} of a card uuid, or empty when the uuid is not one of ours. */
	static Optional<String> taskIdOf(String cardUuid) {
		String hex = cardUuid == null ? "" : cardUuid.replace("-", "").toLowerCase();
		if (!hex.matches("[0-9a-f]{32}") || !hex.startsWith(CARD_PREFIX)) {
			return Optional.empty();
		}
		return Optional.of(SuggestionResources.ID_PREFIX + hex.substring(CARD_PREFIX.length()) + "-task");
	}

	private static String keyOf(Task task) {
		String id = task.getIdElement().getIdPart();
		return id.substring(SuggestionResources.ID_PREFIX.length(), id.length() - "-task".length());
	}

	private static String uuid(String prefix, String key) {
		String hex = prefix + key;
		return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20)
				+ "-" + hex.substring(20, 32);
	}

	/** The request the clinician can accept with one click, without our server-side id. */
	private static Optional<Resource> proposal(Evaluator.Emitted emitted) {
		return emitted.resources().stream()
				.filter(r -> r instanceof MedicationRequest || r instanceof ServiceRequest)
				.findFirst()
				.map(r -> {
					Resource copy = r.copy();
					copy.setId((String) null);
					copy.getMeta().setVersionId(null).setLastUpdated(null);
					return copy;
				});
	}

	private static String label(Resource request) {
		CodeableConcept what = request instanceof MedicationRequest m ? m.getMedicationCodeableConcept() : ((ServiceRequest) request).getCode();
		return (request instanceof MedicationRequest ? "Propose " : "Order ") + what.getText();
	}

	private static CdsServiceResponseCardSourceJson source(Suggestion suggestion, String knowledgeVersion) {
		CdsServiceResponseCardSourceJson source = new CdsServiceResponseCardSourceJson()
				.setLabel("Fusion CDS knowledge base " + knowledgeVersion)
				.setTopic(new CdsServiceResponseCodingJson().setSystem(SuggestionResources.KIND_SYSTEM)
						.setCode(suggestion.kind().code()).setDisplay(suggestion.ruleId()));
		suggestion.citations().stream().map(Source::url).filter(url -> url != null).findFirst().ifPresent(source::setUrl);
		return source;
	}
}
