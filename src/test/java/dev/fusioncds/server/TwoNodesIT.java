package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

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
 * stored with their suggestions.
 */
class TwoNodesIT {

	static final String[] RETRY = {"X-Retry-On-Version-Conflict", "retry; max-retries=10"};
	static ServerNode first;
	static ServerNode second;

	@BeforeAll
	static void startNodes() {
		PostgresStorageRoundTripIT.requirePostgres();
		// one after the other: both would otherwise race to update the schema
		first = ServerNode.start("--spring.profiles.active=it,postgres");
		second = ServerNode.start("--spring.profiles.active=it,postgres");
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
