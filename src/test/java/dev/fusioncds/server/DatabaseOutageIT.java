package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.security.CdsClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node on a PostgreSQL cluster of this test's own ({@link PrivatePostgres}), which the test stops
 * as in a crash under traffic and starts again: requests in flight get 503, never 500; while it is
 * down every request that needs it is answered 503 —
 * an OperationOutcome on the FHIR API, the JSON error body on CDS Hooks — within a bound, readiness
 * is DOWN and liveness UP; once it is back the same process serves again, with every write it
 * acknowledged before and none it refused during the outage.
 */
class DatabaseOutageIT {

	/** Hikari's connection timeout (3 s) plus the time to answer on a loaded machine. */
	static final Duration BOUND = Duration.ofSeconds(10);
	static final Duration RECOVERY = Duration.ofSeconds(30);
	static final String IDENTIFIER = "https://fusion-cds.dev/test/outage|";
	static final CdsClient CDS = new CdsClient();
	static PrivatePostgres postgres;
	static ServerNode node;
	static FhirHttp http;

	@BeforeAll
	static void start() {
		postgres = PrivatePostgres.start(Path.of("target", "outage-postgres"));
		List<String> options = new ArrayList<>(List.of("--spring.profiles.active=it,postgres",
				"--spring.datasource.url=" + postgres.jdbcUrl(), "--server.address=127.0.0.1"));
		options.addAll(List.of(CDS.serverOptions()));
		node = ServerNode.start(options.toArray(String[]::new));
		http = new FhirHttp(node.port());
	}

	@AfterAll
	static void stop() {
		try {
			if (node != null) {
				node.close();
			}
		} finally {
			if (postgres != null) {
				postgres.close();
			}
		}
	}

	@Test
	void aDatabaseOutageIsAnswered503WithinABoundAndTheSameProcessServesAgainWithNothingAcknowledgedLost() {
		String patient = TestReports.storedNsclcCd74Nrg1(http, "outage");
		HttpResponse<String> created = http.postFhir("/fhir/Patient", patient("before-" + patient));
		assertThat(created.statusCode()).isEqualTo(201);
		String createdId = http.parse(Patient.class, created).getIdElement().getIdPart();

		Map<Integer, String> answers = new ConcurrentHashMap<>();
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		crashUnderTraffic(createdId, patient, answers, acknowledged);
		assertThat(answers.keySet()).as("statuses (with a body each) while the database went down: %s", answers)
				.isSubsetOf(200, 201, 503).contains(503);

		List<Long> millis = new ArrayList<>();
		assertUnavailableFhir(millis, () -> http.get("/fhir/Patient/" + createdId));
		assertUnavailableFhir(millis, () -> http.get("/fhir/DiagnosticReport?subject=Patient/" + patient));
		assertUnavailableFhir(millis, () -> http.postFhir("/fhir/Patient", patient("during-" + patient)));
		assertUnavailableFhir(millis, () -> http.post("/fhir", FhirHttp.FHIR_JSON, TestReports.nsclcCd74Nrg1(patient + "-during")));
		HttpResponse<String> cds = timed(millis, () -> CDS.patientView(node.port(), CDS.token(patientViewUrl())));
		assertThat(cds.statusCode()).isEqualTo(503);
		assertThat(cds.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
		assertThat(cds.body()).isEqualTo("{\"error\":\"Service Unavailable\",\"message\":\"The database is unavailable; retry shortly\"}");
		HttpResponse<String> readiness = timed(millis, () -> http.get("/actuator/health/readiness", "application/json"));
		assertThat(readiness.statusCode()).isEqualTo(503);
		assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
		assertThat(http.get("/actuator/health/liveness", "application/json").statusCode()).isEqualTo(200);
		assertThat(millis).allSatisfy(elapsed -> assertThat(elapsed).isLessThan(BOUND.toMillis()));

		postgres.start();
		long recovery = millisUntil(() -> http.get("/fhir/Patient/" + createdId).statusCode() == 200);
		System.out.printf("DatabaseOutageIT: %d creates acknowledged around the crash; 503 answers during the outage in %s ms; "
				+ "reads served again %d ms after the database started%n", acknowledged.size(), millis, recovery);

		assertThat(recovery).isLessThan(RECOVERY.toMillis());
		assertThat(http.get("/actuator/health/readiness", "application/json").statusCode()).isEqualTo(200);
		assertThat(http.search("/fhir/DiagnosticReport?subject=Patient/" + patient).getEntry()).hasSize(1);
		assertThat(http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient)).hasSize(1);
		assertThat(http.search("/fhir/Patient?identifier=" + IDENTIFIER + "during-" + patient).getEntry())
				.as("the create answered 503 stored nothing").isEmpty();
		assertThat(http.search("/fhir/DiagnosticReport?subject=Patient/" + patient + "-during").getEntry()).isEmpty();
		assertThat(acknowledged).allSatisfy(id -> assertThat(http.get("/fhir/Patient/" + id).statusCode()).as(id).isEqualTo(200));
		assertThat(http.postFhir("/fhir/Patient", patient("after-" + patient)).statusCode()).isEqualTo(201);
		assertThat(CDS.patientView(node.port(), CDS.token(patientViewUrl())).statusCode()).isEqualTo(200);
	}

	/**
	 * Stops the database as in a crash while four clients read and create: some requests are in
	 * flight as their connections drop. Collects every status (with a body) and the ids of the creates
	 * answered 201.
	 */
	private static void crashUnderTraffic(String readId, String patient, Map<Integer, String> answers, Set<String> acknowledged) {
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger sequence = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			for (int c = 0; c < 4; c++) {
				boolean writer = c % 2 == 0;
				clients.submit(() -> {
					while (!stop.get()) {
						if (writer) {
							HttpResponse<String> response = http.postFhir("/fhir/Patient", patient("crash-" + patient + "-" + sequence.incrementAndGet()));
							answers.put(response.statusCode(), response.body());
							if (response.statusCode() == 201) {
								acknowledged.add(http.parse(Patient.class, response).getIdElement().getIdPart());
							}
						} else {
							HttpResponse<String> response = http.get("/fhir/Patient/" + readId);
							answers.put(response.statusCode(), response.body());
						}
					}
					return null;
				});
			}
			sleep(Duration.ofSeconds(2));
			postgres.stopImmediately();
			sleep(Duration.ofSeconds(5));
			stop.set(true);
			clients.shutdown();
			assertThat(clients.awaitTermination(BOUND.toSeconds() * 2, TimeUnit.SECONDS)).as("every client answered").isTrue();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		} finally {
			clients.shutdownNow();
		}
	}

	private static void assertUnavailableFhir(List<Long> millis, Supplier<HttpResponse<String>> call) {
		HttpResponse<String> response = timed(millis, call);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).contains("5");
		OperationOutcome outcome = http.outcome(response);
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TRANSIENT);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).isEqualTo("The database is unavailable; retry shortly");
	}

	private static HttpResponse<String> timed(List<Long> millis, Supplier<HttpResponse<String>> call) {
		long started = System.nanoTime();
		HttpResponse<String> response = call.get();
		millis.add((System.nanoTime() - started) / 1_000_000);
		return response;
	}

	private static long millisUntil(Supplier<Boolean> served) {
		long started = System.nanoTime();
		long deadline = started + RECOVERY.toNanos();
		while (!served.get() && System.nanoTime() < deadline) {
			sleep(Duration.ofMillis(200));
		}
		return (System.nanoTime() - started) / 1_000_000;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static String patientViewUrl() {
		return "http://127.0.0.1:" + node.port() + CdsClient.PATIENT_VIEW;
	}

	private static Patient patient(String identifier) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(IDENTIFIER.substring(0, IDENTIFIER.length() - 1)).setValue(identifier);
		return patient;
	}
}
