package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The packaged server as its own process on PostgreSQL, killed with SIGKILL while reports are being
 * posted, then restarted: every report answered 200 is there with its complete suggestion set, and
 * no report is stored without its suggestions (nor suggestions without their report).
 */
class CrashRecoveryIT {

	static final int CLIENTS = 6;

	@Test
	void everyAcknowledgedReportSurvivesAKillWithItsSuggestions() throws Exception {
		PostgresStorageRoundTripIT.requirePostgres();
		int port = ServerProcess.freePort();
		Path workDir = Files.createTempDirectory("fusion-crash");
		ServerProcess server = start(port, workDir);
		Set<String> attempted = ConcurrentHashMap.newKeySet();
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		AtomicBoolean killed = new AtomicBoolean();
		AtomicInteger sequence = new AtomicInteger();
		String run = TestReports.newPatientId("crash");
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			FhirHttp http = new FhirHttp(port);
			for (int c = 0; c < CLIENTS; c++) {
				clients.submit(() -> {
					while (!killed.get()) {
						String patient = run + "-" + sequence.incrementAndGet();
						attempted.add(patient);
						try {
							HttpResponse<String> response = http.post("/fhir", FhirHttp.FHIR_JSON, TestReports.nsclcCd74Nrg1(patient));
							if (response.statusCode() == 200) {
								acknowledged.add(patient);
							}
						} catch (RuntimeException connectionLost) {
							return;
						}
					}
				});
			}
			Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
			while (acknowledged.size() < 30 && Instant.now().isBefore(deadline)) {
				Thread.sleep(50);
			}
			server.kill();
			killed.set(true);
			clients.shutdown();
			assertThat(clients.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
			assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(30);

			server = start(port, workDir);
			int stored = 0;
			for (String patient : attempted) {
				int reports = http.search("/fhir/DiagnosticReport?subject=Patient/" + patient).getEntry().size();
				int tasks = http.search("/fhir/Task?patient=Patient/" + patient).getEntry().size();
				int proposals = http.search("/fhir/MedicationRequest?subject=Patient/" + patient + "&intent=proposal").getEntry().size();
				int implications = http.search("/fhir/Observation?subject=Patient/" + patient
						+ "&code=http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs|therapeutic-implication").getEntry().size();
				stored += reports;
				if (acknowledged.contains(patient)) {
					assertThat(List.of(reports, tasks, proposals, implications)).as(patient).containsOnly(1);
				} else {
					// never half-written: either nothing of it, or the report with its whole suggestion set
					assertThat(List.of(reports, tasks, proposals, implications)).as(patient + " (not acknowledged)")
							.isIn(List.of(0, 0, 0, 0), List.of(1, 1, 1, 1));
				}
			}
			System.out.printf("crash: %d reports attempted, %d acknowledged, %d stored after restart, all complete%n",
					attempted.size(), acknowledged.size(), stored);
		} finally {
			clients.shutdownNow();
			server.kill();
		}
	}

	private static ServerProcess start(int port, Path workDir) {
		return ServerProcess.start(port, workDir, List.of("-Xmx1g"), "--spring.profiles.active=postgres",
				"--fusion.batch2.maintenance-interval=1m");
	}
}
