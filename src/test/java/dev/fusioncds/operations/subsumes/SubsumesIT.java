package dev.fusioncds.operations.subsumes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubsumesIT {

	@LocalServerPort
	int port;

	FhirHttp http;
	/** neoplasm > carcinoma > adenocarcinoma, and neoplasm > sarcoma */
	String system;

	@BeforeAll
	void storeHierarchy() {
		http = new FhirHttp(port);
		String id = "subsumes-" + UUID.randomUUID().toString().substring(0, 8);
		system = "https://example.org/fhir/CodeSystem/" + id;
		CodeSystem codeSystem = new CodeSystem().setUrl(system).setStatus(PublicationStatus.ACTIVE)
				.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		codeSystem.setId(id);
		CodeSystem.ConceptDefinitionComponent neoplasm = codeSystem.addConcept().setCode("neoplasm");
		neoplasm.addConcept().setCode("carcinoma").addConcept().setCode("adenocarcinoma");
		neoplasm.addConcept().setCode("sarcoma");
		assertThat(http.put("/fhir/CodeSystem/" + id, codeSystem).statusCode()).isIn(200, 201);
	}

	@Test
	void ancestorSubsumesDescendantTwoLevelsDown() {
		assertThat(outcome(system, "neoplasm", "adenocarcinoma")).isEqualTo("subsumes");
	}

	@Test
	void descendantIsSubsumedByItsParent() {
		assertThat(outcome(system, "adenocarcinoma", "carcinoma")).isEqualTo("subsumed-by");
	}

	@Test
	void codeIsEquivalentToItself() {
		assertThat(outcome(system, "carcinoma", "carcinoma")).isEqualTo("equivalent");
	}

	@Test
	void siblingsAreNotSubsumed() {
		assertThat(outcome(system, "carcinoma", "sarcoma")).isEqualTo("not-subsumed");
		assertThat(outcome(system, "adenocarcinoma", "sarcoma")).isEqualTo("not-subsumed");
	}

	@Test
	void codingsPostedAsParametersAreCompared() {
		var response = postCodings(new Coding(system, "carcinoma", null), new Coding(system, "adenocarcinoma", null));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(outcomeOf(response)).isEqualTo("subsumes");
	}

	@Test
	void publishedFlatCodeSystemAnswersInsteadOfFailing() {
		assertThat(outcome("https://fusion-cds.dev/fhir/CodeSystem/suggestion-kind", "therapy", "retest"))
				.isEqualTo("not-subsumed");
	}

	@Test
	void unknownCodeIsRefusedNamingIt() {
		var response = get(system, "neoplasm", "lymphoma");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(http.outcome(response).getIssueFirstRep().getDiagnostics()).contains("Unknown code", system + "#lymphoma");
	}

	@Test
	void codingsFromDifferentSystemsAreRefused() {
		var response = postCodings(new Coding(system, "carcinoma", null), new Coding("http://snomed.info/sct", "68453008", null));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(http.outcome(response).getIssueFirstRep().getDiagnostics()).contains("different code systems");
	}

	@Test
	void missingCodeBIsRefused() {
		var response = http.get("/fhir/CodeSystem/$subsumes?system=" + encode(system) + "&codeA=neoplasm");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(http.outcome(response).getIssueFirstRep().getDiagnostics()).contains("codeB");
	}

	@Test
	void theEndpointsOtherCodeSystemInteractionsStillWork() {
		String kinds = encode("https://fusion-cds.dev/fhir/CodeSystem/suggestion-kind");
		var validated = http.get("/fhir/CodeSystem/$validate-code?url=" + kinds + "&code=therapy");
		var lookedUp = http.get("/fhir/CodeSystem/$lookup?system=" + kinds + "&code=retest");

		assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
		assertThat(http.parse(Parameters.class, validated).getParameter("result").getValue().primitiveValue()).isEqualTo("true");
		assertThat(lookedUp.statusCode()).as(lookedUp.body()).isEqualTo(200);
		assertThat(http.parse(Parameters.class, lookedUp).getParameter("display").getValue().primitiveValue()).isEqualTo("Follow-up test");
		assertThat(http.searchResources(CodeSystem.class, "/fhir/CodeSystem?url=" + encode(system)))
				.extracting(CodeSystem::getUrl).containsExactly(system);
	}

	@Test
	void capabilityStatementStillOffersSubsumesOnCodeSystem() {
		CapabilityStatement capabilities = http.parse(CapabilityStatement.class, http.get("/fhir/metadata"));

		assertThat(capabilities.getRestFirstRep().getResource()).filteredOn(r -> r.getType().equals("CodeSystem"))
				.singleElement()
				.satisfies(r -> assertThat(r.getOperation()).extracting(o -> o.getName()).contains("subsumes", "lookup"));
	}

	private String outcome(String codeSystem, String codeA, String codeB) {
		var response = get(codeSystem, codeA, codeB);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return outcomeOf(response);
	}

	private String outcomeOf(HttpResponse<String> response) {
		return http.parse(Parameters.class, response).getParameter("outcome").getValue().primitiveValue();
	}

	private HttpResponse<String> postCodings(Coding codingA, Coding codingB) {
		Parameters in = new Parameters();
		in.addParameter().setName("codingA").setValue(codingA);
		in.addParameter().setName("codingB").setValue(codingB);
		return http.postFhir("/fhir/CodeSystem/$subsumes", in);
	}

	private HttpResponse<String> get(String codeSystem, String codeA, String codeB) {
		return http.get("/fhir/CodeSystem/$subsumes?system=" + encode(codeSystem) + "&codeA=" + codeA + "&codeB=" + codeB);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
