package dev.fusioncds.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCodingJson;
import ca.uhn.hapi.fhir.cdshooks.module.CdsHooksObjectMapperFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.server.FhirEndpointConfig;
import dev.fusioncds.suggest.EngineProperties;
import dev.fusioncds.suggest.Evaluator;
import dev.fusioncds.server.FusionServerProperties;
import dev.fusioncds.server.validation.ConformanceResources;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * CDS Hooks 2.0.1: discovery, the two services and feedback. Our own controller rather than
 * HAPI's CDS Hooks servlet, for the status codes the spec and our clients need (400 for a client
 * mistake, 404 for an unknown service, 412 for missing data) and the feedback route; the JSON
 * model is HAPI's. Every answer is {@code application/json}.
 */
@RestController
@RequestMapping("/cds-services")
class CdsHooksController {

	private final CdsServiceCatalog catalog = new CdsServiceCatalog();
	private final ObjectMapper json;
	private final FhirContext fhirContext;
	private final Evaluator evaluator;
	private final PatientDataSource data;
	private final CardFeedback feedback;
	private final Jurisdiction defaultJurisdiction;
	private final FusionServerProperties server;
	private final List<CdsServiceResponseCodingJson> overrideReasons;
	private final CdsCallLimit limit;

	CdsHooksController(FhirContext fhirContext, Evaluator evaluator, PatientDataSource data, CardFeedback feedback,
			EngineProperties engine, FusionServerProperties server, ConformanceResources conformance, CdsCallLimit limit) {
		this.json = new CdsHooksObjectMapperFactory(fhirContext).newMapper().disable(SerializationFeature.INDENT_OUTPUT);
		this.fhirContext = fhirContext;
		this.evaluator = evaluator;
		this.data = data;
		this.feedback = feedback;
		this.defaultJurisdiction = engine.jurisdiction();
		this.server = server;
		this.limit = limit;
		this.overrideReasons = Cards.overrideReasons(conformance.all().stream()
				.filter(r -> r instanceof CodeSystem cs && Cards.OVERRIDE_SYSTEM.equals(cs.getUrl()))
				.map(CodeSystem.class::cast)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("terminology/fhir has no " + Cards.OVERRIDE_SYSTEM)));
	}

	@GetMapping
	ResponseEntity<String> discovery() throws JsonProcessingException {
		return ok(json.writeValueAsString(catalog.discovery()));
	}

	@PostMapping("/{id}")
	ResponseEntity<String> call(@PathVariable String id, @RequestBody(required = false) String body) {
		FusionCdsService service = service(id);
		return limit.inTurn(() -> ok(evaluate(id, service, body)));
	}

	private String evaluate(String id, FusionCdsService service, String body) {
		CdsHookRequest request = CdsHookRequest.from(parse(body), service.getHook());
		RequestContextHolder.currentRequestAttributes()
				.setAttribute(CdsCallAttributes.PATIENT_ID, request.patientId(), RequestAttributes.SCOPE_REQUEST);
		Jurisdiction jurisdiction = request.jurisdiction() == null ? defaultJurisdiction
				: Jurisdiction.fromCode(request.jurisdiction()).orElseThrow(() -> CdsHookRequest.bad("Unknown jurisdiction '"
						+ request.jurisdiction() + "'; use one of " + Arrays.toString(Jurisdiction.values())));
		List<Resource> orders = CdsServiceCatalog.ORDER_SIGN.equals(id) ? draftOrders(request) : null;
		List<Resource> patientData = data.load(request, ownFhirBase());
		Evaluator.Result result = orders != null
				? evaluator.evaluateOrders(patientData, orders)
				: evaluator.evaluate(patientData, jurisdiction);
		try {
			return json.writeValueAsString(Cards.response(result, evaluator.knowledgeVersion(), overrideReasons));
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("Cards could not be written as JSON", e);
		}
	}

	@PostMapping("/{id}/feedback")
	ResponseEntity<String> feedback(@PathVariable String id, @RequestBody(required = false) String body) {
		service(id);
		feedback.record(id, parse(body));
		return ok("{}");
	}

	@ExceptionHandler(CdsHookException.class)
	ResponseEntity<Map<String, String>> refused(CdsHookException e) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
		if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			response.header(HttpHeaders.RETRY_AFTER, "1");
		}
		return response.body(Map.of("error", e.status().getReasonPhrase(), "message", e.getMessage()));
	}

	/** JSON whatever the client's Accept says: CDS clients differ, the spec answers JSON. */
	private static ResponseEntity<String> ok(String body) {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private FusionCdsService service(String id) {
		return catalog.service(id).orElseThrow(() -> new CdsHookException(HttpStatus.NOT_FOUND,
				"No CDS service '" + id + "'; GET /cds-services lists them"));
	}

	private JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			throw CdsHookRequest.bad("The request needs a JSON body");
		}
		try {
			return FhirJson.READER.readTree(body);
		} catch (JsonProcessingException e) {
			throw CdsHookRequest.bad("The body is not valid JSON" + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
		}
	}

	private List<Resource> draftOrders(CdsHookRequest request) {
		if (!(request.context().get("draftOrders") instanceof ObjectNode orders)) {
			throw CdsHookRequest.bad("order-sign needs 'context.draftOrders', a Bundle of the orders being signed");
		}
		try {
			Bundle bundle = (Bundle) FhirJson.parse((IJsonLikeParser) fhirContext.newJsonParser(), orders);
			return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(r -> r != null).toList();
		} catch (RuntimeException e) {
			throw CdsHookRequest.bad("'context.draftOrders' is not a FHIR R4 Bundle: " + e.getMessage());
		}
	}

	private String ownFhirBase() {
		if (server.baseUrl() != null && !server.baseUrl().isBlank()) {
			return server.baseUrl();
		}
		return ServletUriComponentsBuilder.fromCurrentContextPath().path(FhirEndpointConfig.FHIR_PATH).toUriString();
	}
}
