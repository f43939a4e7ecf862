package dev.fusioncds.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A CDS Hooks 2.0.1 request, read from JSON with every client mistake reported as 400. Prefetch
 * keys keep the spec's distinction: absent (not looked) versus {@code null} (looked, found nothing).
 *
 * @param prefetch prefetch key → the JSON the client sent for it, a JSON null included
 */
record CdsHookRequest(
		String hook,
		String hookInstance,
		String fhirServer,
		String accessToken,
		String patientId,
		JsonNode context,
		Map<String, JsonNode> prefetch,
		String jurisdiction) {

	static CdsHookRequest from(JsonNode body, String expectedHook) {
		if (body == null || !body.isObject()) {
			throw bad("The request body must be a JSON object");
		}
		String hook = text(body, "hook");
		if (hook == null) {
			throw bad("'hook' is required");
		}
		if (!hook.equals(expectedHook)) {
			throw bad("This service answers hook '" + expectedHook + "', not '" + hook + "'");
		}
		String hookInstance = text(body, "hookInstance");
		if (hookInstance == null) {
			throw bad("'hookInstance' is required");
		}
		JsonNode context = body.get("context");
		if (context == null || !context.isObject()) {
			throw bad("'context' is required and must be an object");
		}
		String patientId = text(context, "patientId");
		if (patientId == null || !patientId.matches("[A-Za-z0-9\\-.]{1,64}")) {
			throw bad("'context.patientId' is required and must be a FHIR id");
		}
		String fhirServer = text(body, "fhirServer");
		String token = null;
		JsonNode authorization = body.get("fhirAuthorization");
		if (authorization != null && !authorization.isNull()) {
			token = text(authorization, "access_token");
			if (token == null || fhirServer == null) {
				throw bad("'fhirAuthorization' needs 'access_token' and a 'fhirServer' to use it with");
			}
		}
		Map<String, JsonNode> prefetch = new LinkedHashMap<>();
		JsonNode prefetchNode = body.get("prefetch");
		if (prefetchNode != null && !prefetchNode.isNull()) {
			if (!prefetchNode.isObject()) {
				throw bad("'prefetch' must be an object of prefetch key → FHIR resource");
			}
			prefetchNode.fields().forEachRemaining(e -> {
				if (!e.getValue().isNull() && !e.getValue().isObject()) {
					throw bad("prefetch '" + e.getKey() + "' must be a FHIR resource or null");
				}
				prefetch.put(e.getKey(), e.getValue());
			});
		}
		String jurisdiction = text(body.path("extension"), CdsServiceCatalog.JURISDICTION_EXTENSION);
		return new CdsHookRequest(hook, hookInstance, fhirServer, token, patientId, context, prefetch, jurisdiction);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isTextual() || value.asText().isBlank()) {
			throw bad("'" + field + "' must be a non-empty string");
		}
		return value.asText();
	}

	static CdsHookException bad(String message) {
		return new CdsHookException(HttpStatus.BAD_REQUEST, message);
	}
}
