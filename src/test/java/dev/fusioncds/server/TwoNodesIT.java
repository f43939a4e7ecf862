package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.security.CdsClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on the machine's real PostgreSQL, as behind a load balancer: concurrent
 * identical reports end as one report with one suggestion set; concurrent different reports are all
 * stored with their suggestions; a CDS Hooks token used on one node is a replay on the other.
 */
class TwoNodesIT {

	static final String[] RETRY = {"X-Retry-On-Version-Conflict", "retry; max-retries=10"};
	/** What the load balancer in front of both nodes tells them: the URL the CDS client called. */
	static final String[] BALANCER = {"X-Forwarded-Proto", "https", "X-Forwarded-Host", "cds.example.org", "X-Forwarded-Port", "443"};
	static final String PUBLIC_PATIENT_VIEW = "https://cds.example.org" + CdsClient.PATIENT_VIEW;
	static final CdsClient CDS = new CdsClient();
	static ServerNode first;
	static ServerNode second;

	@BeforeAll
	static void startNodes() {
		PostgresStorageRoundTripIT.requirePostgres();
		// one after the other: both would otherwise race to update the schema
		first = startNode();
		second = startNode();
	}

	private static ServerNode startNode() {
		List<String> options = new ArrayList<>(List.of("--spring.profiles.active=it,postgres", "--server.address=127.0.0.1",
				"--server.forward-headers-strategy=native"));
		options.addAll(List.of(CDS.serverOptions()));
		return ServerNode.start(options.toArray(String[]::new));
	}

	@AfterAll
	static void stopNodes() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
	}

	@Test
	void twentyConcurrentPostsOfOneReportAcrossBothNodesStoreOneReportAndOneSuggestionSet() throws Exception {
		String patient = TestReports.newPatientId("two-nodes-same");
		String report = TestReports.nsclcCd74Nrg1(patient);

		List<HttpResponse<String>> responses = concurrently(20, i -> node(i).post("/fhir", FhirHttp.FHIR_JSON, report, RETRY));

		assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
		FhirHttp reader = new FhirHttp(second.port());
		assertThat(reader.search("/fhir/DiagnosticReport?subject=Patient/" + patient).getEntry()).hasSize(1);
		assertThat(reader.search("/fhir/Observation?subject=Patient/" + patient + "&identifier=https://lab.example.org/fhir/sid/result|"
				+ patient + "-fusion").getEntry()).hasSize(1);
		assertThat(reader.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient)).singleElement()
				.extracting(Task::getStatus).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(reader.searchResources(MedicationRequest.class, "/fhir/MedicationRequest?subject=Patient/" + patient)).hasSize(1);
	}

	@Test
	void concurrentDifferentReportsOnBothNodesAreAllStoredWithTheirSuggestions() throws Exception {
		List<String> patients = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			patients.add(TestReports.newPatientId("two-nodes-" + i));
		}

		List<HttpResponse<String>> responses = concurrently(patients.size(),
				i -> node(i).post("/fhir", FhirHttp.FHIR_JSON, TestReports.nsclcCd74Nrg1(patients.get(i)), RETRY));

		assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
		FhirHttp reader = new FhirHttp(first.port());
		for (String patient : patients) {
			assertThat(reader.search("/fhir/DiagnosticReport?subject=Patient/" + patient).getEntry()).as(patient).hasSize(1);
			assertThat(reader.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient)).as(patient).hasSize(1);
		}
	}

	@Test
	void aCdsHooksTokenAcceptedByOneNodeIsRefusedWhenReplayedToTheOther() {
		String token = CDS.token(PUBLIC_PATIENT_VIEW);

		HttpResponse<String> used = CDS.patientView(first.port(), token, BALANCER);
		HttpResponse<String> replayed = CDS.patientView(second.port(), token, BALANCER);

		assertThat(used.statusCode()).isEqualTo(200);
		assertThat(replayed.statusCode()).isEqualTo(401);
		assertThat(replayed.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
		assertThat(replayed.body()).isEqualTo("{\"error\":\"Unauthorized\",\"message\":\"Invalid or missing bearer token\"}");
		assertThat(CDS.patientView(second.port(), CDS.token(PUBLIC_PATIENT_VIEW), BALANCER).statusCode())
				.as("a new token for the same URL on the other node").isEqualTo(200);
	}

	private static FhirHttp node(int i) {
		return new FhirHttp((i % 2 == 0 ? first : second).port());
	}

	private interface Call {
		HttpResponse<String> send(int i);
	}

	private static List<HttpResponse<String>> concurrently(int n, Call call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				int index = i;
				futures.add(CompletableFuture.supplyAsync(() -> call.send(index), pool));
			}
			List<HttpResponse<String>> responses = new ArrayList<>();
			for (CompletableFuture<HttpResponse<String>> future : futures) {
				responses.add(future.get());
			}
			return responses;
		} finally {
			pool.shutdown();
		}
	}
}
