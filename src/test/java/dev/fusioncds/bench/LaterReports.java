package dev.fusioncds.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cohort's transaction Bundles sent again as the same patients' later reports: every resource but
 * the Patient under a new id, references among them following, so each Bundle writes new results
 * for patients already stored (the server reads their records back instead of taking a new
 * patient's record from the transaction).
 */
final class LaterReports {

	private static final ObjectMapper JSON = new ObjectMapper();

	private LaterReports() {}

	static List<String> of(List<String> bundles, String suffix) {
		return bundles.stream().map(bundle -> of(bundle, suffix)).toList();
	}

	private static String of(String bundle, String suffix) {
		try {
			ObjectNode transaction = (ObjectNode) JSON.readTree(bundle);
			ArrayNode later = JSON.createArrayNode();
			Map<String, String> renamed = new HashMap<>();
			for (JsonNode entry : transaction.path("entry")) {
				ObjectNode resource = (ObjectNode) entry.path("resource");
				if (!"Patient".equals(resource.path("resourceType").asText())) {
					String type = resource.path("resourceType").asText();
					String id = resource.path("id").asText() + suffix;
					renamed.put(type + "/" + resource.path("id").asText(), type + "/" + id);
					resource.put("id", id);
					ObjectNode copy = later.addObject().put("fullUrl", type + "/" + id);
					copy.set("resource", resource);
					copy.putObject("request").put("method", "PUT").put("url", type + "/" + id);
				}
			}
			later.forEach(entry -> rewriteReferences(entry.path("resource"), renamed));
			transaction.set("entry", later);
			return transaction.toString();
		} catch (JsonProcessingException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void rewriteReferences(JsonNode node, Map<String, String> renamed) {
		if (node instanceof ObjectNode object) {
			JsonNode reference = object.get("reference");
			if (reference != null && reference.isTextual() && renamed.containsKey(reference.asText())) {
				object.put("reference", renamed.get(reference.asText()));
			}
			object.forEach(child -> rewriteReferences(child, renamed));
		} else if (node instanceof ArrayNode array) {
			array.forEach(child -> rewriteReferences(child, renamed));
		}
	}
}
