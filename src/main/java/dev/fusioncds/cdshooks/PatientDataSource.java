package dev.fusioncds.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fusioncds.ingest.PatientRecord;
import dev.fusioncds.suggest.SuggestionResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The patient data a hook call evaluates: the prefetch the client sent, and for every key it left
 * out, the same query against {@code fhirServer} with {@code fhirAuthorization} (a real FHIR REST
 * client). A key sent as {@code null} means "looked, found nothing". When {@code fhirServer} is this
 * server, missing keys are read from the store directly. Neither prefetch nor fhirServer → 412.
 */
@Component
class PatientDataSource {

	/** Bounds a fetch from fhirServer: pages followed per query. */
	static final int MAX_PAGES = 20;

	private final FhirContext fhirContext;
	private final PatientRecord record;
	private final CdsCallLimit limit;

	PatientDataSource(FhirContext fhirContext, PatientRecord record, CdsCallLimit limit) {
		this.fhirContext = fhirContext;
		this.record = record;
		this.limit = limit;
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
	}

	List<Resource> load(CdsHookRequest request, String ownFhirBase) {
		// an EHR's prefetch is read leniently (unknown elements dropped): the hook must still answer
		IJsonLikeParser parser = (IJsonLikeParser) fhirContext.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
		List<Resource> data = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (Map.Entry<String, String> key : CdsServiceCatalog.PREFETCH.entrySet()) {
			JsonNode sent = request.prefetch().get(key.getKey());
			if (sent == null && !request.prefetch().containsKey(key.getKey())) {
				missing.add(key.getValue().replace(CdsServiceCatalog.PATIENT_ID, request.patientId()));
			} else if (sent != null && !sent.isNull()) {
				data.addAll(prefetched(parser, key.getKey(), (ObjectNode) sent));
			}
		}
		if (!missing.isEmpty()) {
			if (request.fhirServer() == null) {
				throw new CdsHookException(HttpStatus.PRECONDITION_FAILED, "Prefetch " + missing
						+ " missing and no fhirServer to fetch it from: send the prefetch or fhirServer with fhirAuthorization");
			}
			data.addAll(isOwn(request.fhirServer(), ownFhirBase) ? fromStore(request, missing)
					: limit.outOfTurn(() -> fetch(request, missing)));
		}
		return data.stream().filter(r -> !SuggestionResources.isSuggestion(r)).toList();
	}

	private List<Resource> fromStore(CdsHookRequest request, List<String> missing) {
		return record.input("Patient/" + request.patientId(), new SystemRequestDetails()).stream()
				.filter(r -> missing.stream().anyMatch(query -> query.startsWith(r.fhirType() + "?") || query.startsWith(r.fhirType() + "/")))
				.toList();
	}

	private List<Resource> fetch(CdsHookRequest request, List<String> queries) {
		IGenericClient client = fhirContext.newRestfulGenericClient(request.fhirServer());
		if (request.accessToken() != null) {
			client.registerInterceptor(new BearerTokenAuthInterceptor(request.accessToken()));
		}
		List<Resource> data = new ArrayList<>();
		for (String query : queries) {
			try {
				if (query.startsWith("Patient/")) {
					data.add(client.read().resource(Patient.class).withId(query.substring("Patient/".length())).execute());
					continue;
				}
				Bundle page = client.search().byUrl(query).returnBundle(Bundle.class).execute();
				for (int pages = 1; page != null; pages++) {
					data.addAll(resources(page));
					page = page.getLink(Bundle.LINK_NEXT) != null && pages < MAX_PAGES ? client.loadPage().next(page).execute() : null;
				}
			} catch (FhirClientConnectionException e) {
				throw new CdsHookException(HttpStatus.PRECONDITION_FAILED, "fhirServer unreachable for " + query);
			} catch (BaseServerResponseException e) {
				throw new CdsHookException(HttpStatus.PRECONDITION_FAILED,
						"fhirServer answered HTTP " + e.getStatusCode() + " to " + query + ": cannot read the data this service needs");
			}
		}
		return data;
	}

	private static List<Resource> resources(Bundle page) {
		return page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r != null && !"OperationOutcome".equals(r.fhirType())).toList();
	}

	/**
	 * The resources of one prefetch key: a resource, or a search Bundle whose entries are parsed one
	 * by one, our own suggestions and OperationOutcomes skipped unparsed.
	 */
	private static List<Resource> prefetched(IJsonLikeParser parser, String key, ObjectNode json) {
		List<Resource> resources = new ArrayList<>();
		try {
			if (!"Bundle".equals(json.path("resourceType").asText())) {
				resources.add((Resource) FhirJson.parse(parser, json));
				return resources;
			}
			for (JsonNode entry : json.path("entry")) {
				JsonNode resource = entry.get("resource");
				if (resource instanceof ObjectNode object && !FhirJson.isSuggestion(object)
						&& !"OperationOutcome".equals(object.path("resourceType").asText())) {
					resources.add((Resource) FhirJson.parse(parser, object));
				}
			}
			return resources;
		} catch (DataFormatException | ClassCastException e) {
			throw CdsHookRequest.bad("prefetch '" + key + "' is not a FHIR R4 resource: " + e.getMessage());
		}
	}

	private static boolean isOwn(String fhirServer, String ownFhirBase) {
		return strip(fhirServer).equals(strip(ownFhirBase));
	}

	private static String strip(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}
}
