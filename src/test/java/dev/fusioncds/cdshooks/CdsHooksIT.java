package dev.fusioncds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.TestReports;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
class CdsHooksIT {

	@LocalServerPort
	int port;

	FhirHttp http;

	@BeforeEach
	void client() {
		http = new FhirHttp(port);
	}

	@Test
	void discoveryListsBothServicesWithPrefetchTemplates() throws Exception {
		HttpResponse<String> response = http.get("/cds-services", "application/json");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
		assertThat(CdsHooksSchemas.violations("discovery", response.body())).isEmpty();
		JsonNode services = CdsHooksSchemas.JSON.readTree(response.body()).path("services");
		assertThat(services.findValuesAsText("id")).containsExactly("fusion-patient-view", "fusion-order-sign");
		assertThat(services.findValuesAsText("hook")).containsExactly("patient-view", "order-sign");
		assertThat(services.get(0).path("prefetch").path("observations").asText()).isEqualTo("Observation?patient={{context.patientId}}");
		assertThat(services.get(0).path("usageRequirements").asText()).contains("412");
	}

	@Test
	void patientViewWithPrefetchShowsTheStoredSuggestionsAsCards() throws Exception {
		String patient = ingestNsclcNrg1("cds-prefetch");

		HttpResponse<String> response = call("fusion-patient-view", request("patient-view", patient, prefetchFor(patient), null));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(CdsHooksSchemas.violations("response", response.body())).isEmpty();
		JsonNode card = single(response);
		assertThat(card.path("summary").asText()).contains("zenocutuzumab");
		assertThat(card.path("indicator").asText()).isEqualTo("info");
		assertThat(card.path("source").path("label").asText()).startsWith("Fusion CDS knowledge base ");
		assertThat(card.path("source").path("topic").path("code").asText()).isEqualTo("therapy");
		assertThat(card.path("selectionBehavior").asText()).isEqualTo("at-most-one");
		assertThat(card.path("overrideReasons").findValuesAsText("code")).contains("patient-declined");
		JsonNode action = card.path("suggestions").get(0).path("actions").get(0);
		assertThat(action.path("type").asText()).isEqualTo("create");
		assertThat(action.path("resource").path("resourceType").asText()).isEqualTo("MedicationRequest");
		assertThat(action.path("resource").path("intent").asText()).isEqualTo("proposal");
		MedicationRequest stored = http.searchResources(MedicationRequest.class, "/fhir/MedicationRequest?subject=Patient/" + patient).get(0);
		assertThat(action.path("resource").path("identifier").get(0).path("value").asText())
				.isEqualTo(stored.getIdentifierFirstRep().getValue());
		Task task = http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient).get(0);
		assertThat(Cards.taskIdOf(card.path("uuid").asText())).contains(task.getIdElement().getIdPart());
	}

	@Test
	void cardUuidsAreStableAcrossCalls() throws Exception {
		String patient = ingestNsclcNrg1("cds-stable");
		String body = request("patient-view", patient, prefetchFor(patient), null);

		String first = single(call("fusion-patient-view", body)).path("uuid").asText();
		String second = single(call("fusion-patient-view", body)).path("uuid").asText();

		assertThat(first).isEqualTo(second).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
	}

	@Test
	void withoutPrefetchTheServiceReadsFhirServerAndGivesTheSameCards() throws Exception {
		String patient = ingestNsclcNrg1("cds-fhirserver");
		JsonNode withPrefetch = single(call("fusion-patient-view", request("patient-view", patient, prefetchFor(patient), null)));

		HttpResponse<String> response = call("fusion-patient-view",
				request("patient-view", patient, null, "http://127.0.0.1:" + port + "/fhir"));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(CdsHooksSchemas.violations("response", response.body())).isEmpty();
		assertThat(single(response)).isEqualTo(withPrefetch);
	}

	@Test
	void aPrefetchKeySentAsNullMeansNothingFoundNotMissing() {
		String patient = TestReports.newPatientId("cds-null");
		ObjectNode prefetch = CdsHooksSchemas.JSON.createObjectNode();
		CdsServiceCatalog.PREFETCH.keySet().forEach(prefetch::putNull);

		HttpResponse<String> response = call("fusion-patient-view", request("patient-view", patient, prefetch, null));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"cards\":[]}");
		assertThat(CdsHooksSchemas.violations("response", response.body())).isEmpty();
	}

	@Test
	void missingPrefetchWithoutFhirServerIs412() {
		HttpResponse<String> response = call("fusion-patient-view", request("patient-view", "p1", null, null));

		assertThat(response.statusCode()).isEqualTo(412);
		assertThat(CdsHooksSchemas.violations("error", response.body())).isEmpty();
		assertThat(response.body()).contains("fhirServer");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"unknown service|no-such-service|{\"hook\":\"patient-view\"}|404",
			"malformed JSON|fusion-patient-view|{\"hook\": |400",
			"empty body|fusion-patient-view||400",
			"wrong hook|fusion-patient-view|{\"hook\":\"order-sign\",\"hookInstance\":\"1\",\"context\":{\"patientId\":\"p\"}}|400",
			"no context|fusion-patient-view|{\"hook\":\"patient-view\",\"hookInstance\":\"1\"}|400",
			"no hookInstance|fusion-patient-view|{\"hook\":\"patient-view\",\"context\":{\"patientId\":\"p\"}}|400",
			"prefetch not a resource|fusion-patient-view|{\"hook\":\"patient-view\",\"hookInstance\":\"1\",\"context\":{\"patientId\":\"p\"},\"prefetch\":{\"patient\":42}}|400",
			"prefetch wrong FHIR|fusion-patient-view|{\"hook\":\"patient-view\",\"hookInstance\":\"1\",\"context\":{\"patientId\":\"p\"},\"prefetch\":{\"patient\":{\"resourceType\":\"Nonsense\"}}}|400",
			"order-sign without draftOrders|fusion-order-sign|{\"hook\":\"order-sign\",\"hookInstance\":\"1\",\"context\":{\"patientId\":\"p\"}}|400",
			"unknown jurisdiction|fusion-patient-view|{\"hook\":\"patient-view\",\"hookInstance\":\"1\",\"context\":{\"patientId\":\"p\"},\"extension\":{\"dev.fusion-cds.jurisdiction\":\"XX\"}}|400",
	})
	void clientMistakesAre4xxWithAJsonErrorBody(String name, String service, String body, int status) {
		HttpResponse<String> response = call(service, body == null ? "" : body);

		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
		assertThat(CdsHooksSchemas.violations("error", response.body())).isEmpty();
	}

	@Test
	void overriddenFeedbackIsRecordedOnTheSuggestionTask() throws Exception {
		String patient = ingestNsclcNrg1("cds-feedback");
		String card = single(call("fusion-patient-view", request("patient-view", patient, prefetchFor(patient), null))).path("uuid").asText();

		HttpResponse<String> response = http.postJson("/cds-services/fusion-patient-view/feedback", """
				{"feedback": [{"card": "%s", "outcome": "overridden", "outcomeTimestamp": "2026-11-23T10:00:00Z",
				  "overrideReason": {"reason": {"system": "%s", "code": "patient-declined", "display": "Patient declined"},
				                     "userComment": "Prefers to wait"}}]}""".formatted(card, Cards.OVERRIDE_SYSTEM));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Task task = http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient + "&status=rejected").get(0);
		assertThat(task.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("patient-declined");
		assertThat(task.getNote()).extracting(n -> n.getText()).anyMatch(t -> t.contains("Prefers to wait"));

		// new context re-evaluates the patient: the clinician's decision survives, no new version
		Condition diagnosis = http.parse(Condition.class, http.get("/fhir/Condition/" + patient + "-dx"));
		diagnosis.addNote().setText("Stage confirmed at tumor board");
		assertThat(http.put("/fhir/Condition/" + patient + "-dx", diagnosis).statusCode()).isEqualTo(200);
		Task after = http.parse(Task.class, http.get("/fhir/Task/" + task.getIdElement().getIdPart()));
		assertThat(after.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
		assertThat(after.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("patient-declined");
		assertThat(after.getMeta().getVersionId()).isEqualTo(task.getMeta().getVersionId());
	}

	@Test
	void feedbackOnAnUnknownCardIs400() {
		HttpResponse<String> response = http.postJson("/cds-services/fusion-patient-view/feedback",
				"{\"feedback\":[{\"card\":\"3b1c7a2e-0000-4000-8000-000000000000\",\"outcome\":\"accepted\"}]}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(CdsHooksSchemas.violations("error", response.body())).isEmpty();
	}

	@Test
	void orderSignWarnsAboutADnaOnlyPanelAndATargetedDrugWithoutItsFusion() throws Exception {
		String patient = ingestNsclcNrg1("cds-order");
		ObjectNode body = (ObjectNode) CdsHooksSchemas.JSON.readTree(request("order-sign", patient, prefetchFor(patient), null));
		((ObjectNode) body.path("context")).set("draftOrders", CdsHooksSchemas.JSON.readTree("""
				{"resourceType": "Bundle", "type": "collection", "entry": [
				  {"resource": {"resourceType": "ServiceRequest", "id": "draft-panel", "status": "draft", "intent": "order",
				    "code": {"text": "DNA-based NGS solid tumor panel incl. NRG1 fusion"}, "subject": {"reference": "Patient/%s"}}},
				  {"resource": {"resourceType": "MedicationRequest", "id": "draft-laro", "status": "draft", "intent": "order",
				    "medicationCodeableConcept": {"text": "larotrectinib 100 mg capsule"}, "subject": {"reference": "Patient/%s"}}},
				  {"resource": {"resourceType": "MedicationRequest", "id": "draft-zeno", "status": "draft", "intent": "order",
				    "medicationCodeableConcept": {"text": "zenocutuzumab-zbco"}, "subject": {"reference": "Patient/%s"}}}
				]}""".formatted(patient, patient, patient)));

		HttpResponse<String> response = call("fusion-order-sign", body.toString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(CdsHooksSchemas.violations("response", response.body())).isEmpty();
		JsonNode cards = CdsHooksSchemas.JSON.readTree(response.body()).path("cards");
		assertThat(cards.findValuesAsText("summary")).hasSize(2)
				.anyMatch(s -> s.contains("RNA-based NGS"))
				.anyMatch(s -> s.startsWith("larotrectinib ordered without a detected"));
		assertThat(cards.findValuesAsText("indicator")).containsOnly("warning");
	}

	private String ingestNsclcNrg1(String prefix) {
		String patient = TestReports.storedNsclcCd74Nrg1(http, prefix);
		return patient;
	}

	/** What a CDS client would prefetch from this server for the declared templates. */
	private ObjectNode prefetchFor(String patient) throws Exception {
		ObjectNode prefetch = CdsHooksSchemas.JSON.createObjectNode();
		for (Map.Entry<String, String> template : CdsServiceCatalog.PREFETCH.entrySet()) {
			String query = template.getValue().replace(CdsServiceCatalog.PATIENT_ID, patient);
			prefetch.set(template.getKey(), CdsHooksSchemas.JSON.readTree(http.get("/fhir/" + query).body()));
		}
		return prefetch;
	}

	static String request(String hook, String patient, JsonNode prefetch, String fhirServer) {
		ObjectNode body = CdsHooksSchemas.JSON.createObjectNode();
		body.put("hook", hook);
		body.put("hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
		if (fhirServer != null) {
			body.put("fhirServer", fhirServer);
			body.putObject("fhirAuthorization").put("access_token", "test-token").put("token_type", "Bearer")
					.put("expires_in", 300).put("scope", "patient/*.read").put("subject", "fusion-cds");
		}
		body.putObject("context").put("userId", "Practitioner/example").put("patientId", patient);
		if (prefetch != null) {
			body.set("prefetch", prefetch);
		}
		return body.toString();
	}

	private HttpResponse<String> call(String service, String body) {
		return http.postJson("/cds-services/" + service, body);
	}

	private static JsonNode single(HttpResponse<String> response) throws Exception {
		JsonNode cards = CdsHooksSchemas.JSON.readTree(response.body()).path("cards");
		List<JsonNode> list = new ArrayList<>();
		cards.forEach(list::add);
		assertThat(list).as(response.body()).hasSize(1);
		return list.get(0);
	}
}
