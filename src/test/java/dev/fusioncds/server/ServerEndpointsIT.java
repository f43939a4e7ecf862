package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
class ServerEndpointsIT {

	@LocalServerPort
	int port;

	@Test
	void metadataIsAnR4CapabilityStatementForTheJpaServer() {
		FhirHttp http = new FhirHttp(port);
		var response = http.get("/fhir/metadata");

		assertThat(response.statusCode()).isEqualTo(200);
		CapabilityStatement capabilities = http.parse(CapabilityStatement.class, response);
		assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(capabilities.getImplementation().getDescription()).isEqualTo("Fusion CDS");
		assertThat(capabilities.getRestFirstRep().getResource())
				.extracting(r -> r.getType())
				.contains("Observation", "DiagnosticReport", "Task", "ServiceRequest", "MedicationRequest");
	}

	@Test
	void readinessIncludesTheDatabaseCheck() throws Exception {
		var response = new FhirHttp(port).get("/actuator/health/readiness", "application/json");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = new ObjectMapper().readTree(response.body());
		assertThat(health.path("status").asText()).isEqualTo("UP");
		assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
		assertThat(health.path("components").path("db").path("details").path("database").asText()).isEqualTo("H2");
	}

	@Test
	void suggestionKindCodeSystemIsPublishedFromTerminology() {
		FhirHttp http = new FhirHttp(port);
		CodeSystem codeSystem = http.parse(CodeSystem.class, http.get("/fhir/CodeSystem/suggestion-kind"));

		assertThat(codeSystem.getUrl()).isEqualTo("https://fusion-cds.dev/fhir/CodeSystem/suggestion-kind");
		assertThat(codeSystem.getConcept())
				.extracting(CodeSystem.ConceptDefinitionComponent::getCode)
				.containsExactly("therapy", "retest", "review", "trial");
	}

	@Test
	void drugAndRuleCodeSystemsArePublishedFromTheKnowledgeBase() {
		FhirHttp http = new FhirHttp(port);
		CodeSystem drugs = http.parse(CodeSystem.class, http.get("/fhir/CodeSystem/drug"));
		CodeSystem rules = http.parse(CodeSystem.class, http.get("/fhir/CodeSystem/rule"));

		assertThat(drugs.getUrl()).isEqualTo("https://fusion-cds.dev/fhir/CodeSystem/drug");
		assertThat(drugs.getConcept()).extracting(CodeSystem.ConceptDefinitionComponent::getCode)
				.contains("zenocutuzumab", "larotrectinib", "entrectinib", "repotrectinib", "selitrectinib");
		assertThat(rules.getConcept()).extracting(CodeSystem.ConceptDefinitionComponent::getCode)
				.contains("LABEL-PRIOR-THERAPY-NOT-RECORDED", "RETEST-NRG1-DNA-NEGATIVE", "NTRK-EGFR-TKI-RESISTANCE")
				.anyMatch(code -> code.startsWith("THERAPY:"))
				.anyMatch(code -> code.startsWith("ACCESS:"));
		assertThat(rules.getVersion()).isEqualTo(drugs.getVersion()).matches("\\d{4}\\.\\d+\\.\\d+");
	}
}
