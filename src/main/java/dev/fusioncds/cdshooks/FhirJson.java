package dev.fusioncds.cdshooks;

import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fusioncds.suggest.SuggestionResources;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A CDS Hooks request is read once as a JSON tree, and the FHIR resources inside it (prefetch,
 * draft orders) are handed to HAPI's parser as that tree: no second pass over the text. The tree is
 * read the way HAPI reads FHIR JSON (exact decimals: {@code 1.50} stays {@code 1.50}).
 */
final class FhirJson {

	static final ObjectMapper READER = JsonMapper.builder()
			.enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
			.build();

	private FhirJson() {}

	/** One resource from its JSON object, through the given (configured) HAPI parser. */
	static IBaseResource parse(IJsonLikeParser parser, ObjectNode resource) {
		JacksonStructure structure = new JacksonStructure();
		structure.setNativeObject(resource);
		return parser.parseResource(structure);
	}

	/**
	 * True for a resource we emitted (tagged with a suggestion kind): it is output, never input,
	 * so it is skipped before any parsing.
	 */
	static boolean isSuggestion(JsonNode resource) {
		for (JsonNode tag : resource.path("meta").path("tag")) {
			if (SuggestionResources.KIND_SYSTEM.equals(tag.path("system").asText(null))) {
				return true;
			}
		}
		return false;
	}
}
