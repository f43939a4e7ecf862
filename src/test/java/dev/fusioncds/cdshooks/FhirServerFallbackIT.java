package dev.fusioncds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.ServerNode;
import dev.fusioncds.server.TestReports;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The EHR's FHIR server is a second, separate server instance (its own database, suggestions on
 * ingest off, so it is a plain FHIR store): a hook call without prefetch makes our service read it
 * over HTTP with the bearer token from {@code fhirAuthorization}.
 */
@FusionServerIT
class FhirServerFallbackIT {

	static ServerNode ehr;
	static int ehrPort;
	static final List<String> authorizations = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@BeforeAll
	static void startEhrServer() {
		ehr = ServerNode.start("--spring.profiles.active=it", "--spring.datasource.url=jdbc:h2:mem:ehr-instance;DB_CLOSE_DELAY=-1",
				"--fusion.engine.ingest=false");
		ehrPort = ehr.port();
		ehr.bean(RestfulServer.class).registerInterceptor(new Object() {
			@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
			public void capture(RequestDetails request) {
				authorizations.add(String.valueOf(request.getHeader("Authorization")));
			}
		});
	}

	@AfterAll
	static void stopEhrServer() {
		ehr.close();
	}

	@Test
	void readsMissingPrefetchFromTheEhrFhirServerWithItsToken() throws Exception {
		String patient = TestReports.newPatientId("ehr");
		FhirHttp ehrHttp = new FhirHttp(ehrPort);
		assertThat(ehrHttp.post("/fhir", FhirHttp.FHIR_JSON, TestReports.nsclcCd74Nrg1(patient)).statusCode()).isEqualTo(200);
		assertThat(ehrHttp.search("/fhir/Task?patient=Patient/" + patient).getEntry()).isEmpty();
		authorizations.clear();

		HttpResponse<String> response = new FhirHttp(port).postJson("/cds-services/fusion-patient-view",
				CdsHooksIT.request("patient-view", patient, null, "http://127.0.0.1:" + ehrPort + "/fhir"));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(CdsHooksSchemas.violations("response", response.body())).isEmpty();
		JsonNode cards = CdsHooksSchemas.JSON.readTree(response.body()).path("cards");
		assertThat(cards.findValuesAsText("summary")).singleElement().asString().contains("zenocutuzumab");
		assertThat(authorizations).hasSizeGreaterThanOrEqualTo(CdsServiceCatalog.PREFETCH.size()).containsOnly("Bearer test-token");
	}

	@Test
	void anEhrFhirServerThatRefusesIs412() {
		HttpResponse<String> response = new FhirHttp(port).postJson("/cds-services/fusion-patient-view",
				CdsHooksIT.request("patient-view", "nobody-here", null, "http://127.0.0.1:" + ehrPort + "/fhir"));

		assertThat(response.statusCode()).isEqualTo(412);
		assertThat(CdsHooksSchemas.violations("error", response.body())).isEmpty();
	}
}
