package dev.fusioncds.operations.reevaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.TestReports;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

@FusionServerIT
class ReevaluateIT {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ReevaluateOnKnowledgeChange onStart;

	private String versionOf(String patient) {
		return jdbc.queryForObject("SELECT knowledge_version FROM fcds_fusion_patient WHERE patient_ref = ?", String.class,
				"Patient/" + patient);
	}

	@Test
	void reevaluatesAsynchronouslyAndLeavesUnchangedSuggestionsAlone() throws Exception {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.storedNsclcCd74Nrg1(http, "reeval");
		List<String> before = taskVersions(http, patient);
		// as if this patient's suggestions had been made by an older knowledge base
		jdbc.update("UPDATE fcds_fusion_patient SET knowledge_version = '2000.1.1' WHERE patient_ref = ?", "Patient/" + patient);

		HttpResponse<String> accepted = http.post("/fhir/$reevaluate", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Parameters\"}");

		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String statusUrl = accepted.headers().firstValue("Content-Location").orElseThrow();
		assertThat(statusUrl).contains("/fhir/$reevaluate-status?_jobId=");
		HttpResponse<String> done = pollUntilDone(http, statusUrl.substring(statusUrl.indexOf("/fhir/")));
		assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
		Parameters summary = http.parse(Parameters.class, done);
		assertThat(summary.getParameterValue("status").primitiveValue()).isEqualTo("COMPLETED");
		assertThat(((IntegerType) summary.getParameterValue("patientsReevaluated")).getValue()).isGreaterThanOrEqualTo(1);
		assertThat(versionOf(patient)).isNotEqualTo("2000.1.1");
		assertThat(taskVersions(http, patient)).isEqualTo(before);
	}

	@Test
	void startUpReevaluatesPatientsEvaluatedWithAnotherKnowledgeVersion() throws Exception {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.storedNsclcCd74Nrg1(http, "reeval-start");
		jdbc.update("UPDATE fcds_fusion_patient SET knowledge_version = '2000.1.1' WHERE patient_ref = ?", "Patient/" + patient);

		onStart.run(null);

		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		while (versionOf(patient).equals("2000.1.1") && Instant.now().isBefore(deadline)) {
			Thread.sleep(500);
		}
		assertThat(versionOf(patient)).isNotEqualTo("2000.1.1");
	}

	@Test
	void unknownJobIs404() {
		FhirHttp http = new FhirHttp(port);

		HttpResponse<String> response = http.get("/fhir/$reevaluate-status?_jobId=no-such-job");

		assertThat(response.statusCode()).isEqualTo(404);
	}

	private static HttpResponse<String> pollUntilDone(FhirHttp http, String path) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		HttpResponse<String> response = http.get(path);
		while (response.statusCode() == 202 && Instant.now().isBefore(deadline)) {
			assertThat(response.headers().firstValue("X-Progress")).isPresent();
			Thread.sleep(500);
			response = http.get(path);
		}
		return response;
	}

	private static List<String> taskVersions(FhirHttp http, String patient) {
		return http.search("/fhir/Task?patient=Patient/" + patient).getEntry().stream()
				.map(e -> e.getResource().getIdElement().toUnqualified().getValue().replaceAll("^.*/fhir/", ""))
				.sorted().toList();
	}
}
