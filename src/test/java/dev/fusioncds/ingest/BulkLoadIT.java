package dev.fusioncds.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.ServerNode;
import dev.fusioncds.server.TestReports;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * Bulk loading: with suggestions on ingest switched off, reports are stored as stock HAPI stores
 * them, and {@code $reevaluate} afterwards gives their patients the suggestions ingest would have.
 */
class BulkLoadIT {

	@Test
	void reportsLoadedWithSuggestionsOffGetThemFromReevaluate() throws Exception {
		try (ServerNode node = ServerNode.start("--spring.profiles.active=it",
				"--spring.datasource.url=jdbc:h2:mem:bulk-load;DB_CLOSE_DELAY=-1", "--fusion.engine.ingest=false")) {
			FhirHttp http = new FhirHttp(node.port());
			String patient = TestReports.storedNsclcCd74Nrg1(http, "bulk");
			assertThat(http.search("/fhir/Task?patient=Patient/" + patient).getEntry()).isEmpty();

			HttpResponse<String> accepted = http.post("/fhir/$reevaluate", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Parameters\"}");
			String status = accepted.headers().firstValue("Content-Location").orElseThrow();
			status = status.substring(status.indexOf("/fhir/"));
			Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
			while (http.get(status).statusCode() == 202 && Instant.now().isBefore(deadline)) {
				Thread.sleep(500);
			}

			assertThat(http.get(status).statusCode()).isEqualTo(200);
			assertThat(http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient))
					.singleElement().satisfies(task -> assertThat(task.getDescription()).contains("zenocutuzumab"));
		}
	}
}
