package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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

	static final Duration START_TIMEOUT = Duration.ofSeconds(180);
	static final int CLIENTS = 6;

	@Test
	void everyAcknowledgedReportSurvivesAKillWithItsSuggestions() throws Exception {
		PostgresStorageRoundTripIT.requirePostgres();
		int port = freePort();
		Path workDir = Files.createTempDirectory("fusion-crash");
		Process server = start(port, workDir);
		Set<String> attempted = ConcurrentHashMap.newKeySet();
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		AtomicBoolean killed = new AtomicBoolean();
		AtomicInteger sequence = new AtomicInteger();
		String run = TestReports.newPatientId("crash");
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			awaitReady(port, server);
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
			server.destroyForcibly(); // SIGKILL: no shutdown hooks, no graceful close of anything
			killed.set(true);
			server.waitFor(30, TimeUnit.SECONDS);
			clients.shutdown();
			assertThat(clients.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
			assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(30);

			server = start(port, workDir);
			awaitReady(port, server);
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
			server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	private static Process start(int port, Path workDir) throws IOException {
		File jar = new File("target/fusion-cds.jar").getAbsoluteFile();
		assertThat(jar).as("the packaged server (mvn package runs before the ITs)").exists();
		return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g", "-jar", jar.getPath(),
				"--server.port=" + port, "--server.address=127.0.0.1", "--spring.profiles.active=postgres",
				"--fusion.batch2.maintenance-interval=1m")
				.directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(workDir.resolve("server-" + System.nanoTime() + ".log").toFile())
				.start();
	}

	private static void awaitReady(int port, Process server) throws InterruptedException {
		FhirHttp http = new FhirHttp(port);
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			assertThat(server.isAlive()).as("server process exited during start").isTrue();
			try {
				if (http.get("/actuator/health/readiness", "application/json").statusCode() == 200) {
					return;
				}
			} catch (RuntimeException notYet) {
				// connection refused while starting
			}
			Thread.sleep(250);
		}
		throw new AssertionError("server not ready within " + START_TIMEOUT);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
