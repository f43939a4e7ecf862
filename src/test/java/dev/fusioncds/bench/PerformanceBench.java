package dev.fusioncds.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fusioncds.cdshooks.CdsServiceCatalog;
import dev.fusioncds.demo.SyntheticCohort;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The performance report ({@code mvn -Pbench verify}): the packaged server as its own process,
 * driven over loopback by {@link LoadDriver} with a {@link SyntheticCohort}. It measures and prints;
 * it fails only if the server errs, never because the machine is slow. Sizes are system properties:
 * bench.cohort (patients for the ingest comparison), bench.reevaluate (patients for $reevaluate and
 * $screening-gaps), bench.cdsSeconds, bench.cdsWarmSeconds (one warm-up round), bench.cdsWarmMinSeconds, bench.cdsWarmMaxSeconds, bench.cdsClients; bench.jvm adds server JVM
 * options; bench.launcherJavas (default: the JVM running the bench) lists the JAVA_HOMEs bin/fusion-cds is started
 * on; bench.parts (default startup,ingest,report,reevaluate,postgres) picks from startup (bin/fusion-cds and java -jar on an empty H2), ingest (ingest
 * with suggestions off and on, CDS load), cds (the CDS load alone, audit trail on and off), later (the later reports of stored patients alone, suggestions off and on), reevaluate (bulk load, $reevaluate twice, $screening-gaps) and postgres (PostgreSQL start-up). The CDS load comes
 * from {@code wrk} when it is installed, else from {@link LoadDriver}.
 */
class PerformanceBench {

	static final int COHORT = Integer.getInteger("bench.cohort", 1000);
	static final int REEVALUATE = Integer.getInteger("bench.reevaluate", 10_000);
	static final List<String> PARTS =
			List.of(System.getProperty("bench.parts", "startup,ingest,report,reevaluate,postgres").split(","));
	/** JAVA_HOMEs to start bin/fusion-cds on: it uses an AOT cache on Java 25 and later, a CDS archive before. */
	static final List<String> LAUNCHER_JAVAS =
			List.of(System.getProperty("bench.launcherJavas", System.getProperty("java.home")).split(","));
	static final int STARTS = 3;
	static final int REPORT_VARIANTS = Integer.getInteger("bench.reportVariants", 500);
	static final int CDS_SECONDS = Integer.getInteger("bench.cdsSeconds", 30);
	static final int CDS_CLIENTS = Integer.getInteger("bench.cdsClients", 50);
	static final int CDS_WARM_SECONDS = Integer.getInteger("bench.cdsWarmSeconds", 15);
	static final int CDS_WARM_MIN_SECONDS = Integer.getInteger("bench.cdsWarmMinSeconds", 120);
	static final int CDS_WARM_MAX_SECONDS = Integer.getInteger("bench.cdsWarmMaxSeconds", 300);
	/** Throughput of the last three warm-up rounds each within this fraction of their mean: the server is warm. */
	static final double CDS_STEADY = 0.10;
	static final int INGEST_CLIENTS = 4;
	/** The ingest A/B posts the bundles in this many slices, each to one server and then to the other. */
	static final int INGEST_SLICES = 5;
	static final int INGEST_WARM_BUNDLES = Integer.getInteger("bench.ingestWarmBundles", 10);
	/**
	 * Server JVM; bench.jvm adds options, e.g. -XX:StartFlightRecording:filename=/tmp/fusion-{port}.jfr to profile,
	 * {port} being each server's HTTP port (Java 17 does not expand %p there), which the bench prints as it starts one.
	 */
	static final List<String> JVM = Stream.concat(Stream.of("-Xmx1g", "-XX:+UseG1GC"),
			Arrays.stream(System.getProperty("bench.jvm", "").split(" ")).filter(o -> !o.isBlank())).toList();
	static final ObjectMapper JSON = new ObjectMapper();

	final Map<String, Object> results = new LinkedHashMap<>();
	final List<String[]> table = new ArrayList<>();

	@Test
	void measure() throws Exception {
		Instant began = Instant.now();
		String run = Long.toString(System.currentTimeMillis(), 36);
		SyntheticCohort cohort = new SyntheticCohort(42, "bench-" + run, 0.1);
		List<String> bundles = cohort.bundles(COHORT, 10);
		// both servers ingest the same unmeasured warm-up bundles first, so neither is measured with a cold JIT
		List<String> warmUp = new SyntheticCohort(43, "warm-" + run, 0.1).bundles(INGEST_WARM_BUNDLES * 10, 10);
		int resources = bundles.stream().mapToInt(SyntheticCohort::resourceCount).sum();

		long jarBytes = Files.size(Path.of("target/fusion-cds.jar"));
		row("Packaged jar (target/fusion-cds.jar)", String.format(Locale.ROOT, "%.0f MB", jarBytes / 1e6), "goal ≤ 150 MB");
		results.put("jarBytes", jarBytes);
		if (PARTS.contains("startup")) {
			startup();
		}
		if (PARTS.contains("ingest")) {
			ingestAndCds(warmUp, bundles, resources, cohort);
		}
		if (PARTS.contains("cds")) {
			cdsAlone(warmUp, bundles, cohort);
		}
		if (PARTS.contains("later")) {
			laterReportsAlone(warmUp, bundles);
		}
		if (PARTS.contains("report")) {
			largeReport(run);
		}
		if (PARTS.contains("reevaluate")) {
			reevaluate(run);
		}
		if (PARTS.contains("postgres")) {
			try (ServerProcess server = start("--spring.profiles.active=postgres")) {
				row("Startup to ready, PostgreSQL", seconds(server.startup()), "goal ≤ 20 s");
			}
		}
		results.put("benchSeconds", Duration.between(began, Instant.now()).toSeconds());
		report();
	}

	/**
	 * Ingest with suggestions off and on, as an A/B: both servers up at once, each slice of the bundles posted
	 * to one and then to the other, so a change in the machine's speed during the run (seen here: ±20 % between
	 * runs of one build) falls on both. A slice is timed until the server has also written its audit trail, so
	 * neither writer takes CPU from the other's slice. Then the CDS load on the server with suggestions (the other
	 * idle), the same patients' later reports into both as before, and the CDS load on a server with the audit
	 * trail off.
	 */
	private void ingestAndCds(List<String> warmUp, List<String> bundles, int resources, SyntheticCohort cohort) throws Exception {
		Path gcLog = Files.createTempDirectory("fusion-bench-gc").resolve("gc.log");
		List<String> jvm = new ArrayList<>(JVM);
		jvm.add("-Xlog:gc:file=" + gcLog);
		try (ServerProcess on = ServerProcess.start(ServerProcess.freePort(), Files.createTempDirectory("fusion-bench"), jvm)) {
			try (ServerProcess off = start("--fusion.engine.ingest=false")) {
				postThenAudit(off, warmUp);
				postThenAudit(on, warmUp);
				ingestAlternately(off, on, bundles, resources, Workload.NEW_PATIENTS);
				cds(on, cohort.fusionPatients(), "", true, true);
				auditTrail(on, "after ingest and CDS load", "auditTrail");
				auditWritten(new FhirHttp(on.port()));
				List<String> later = LaterReports.of(bundles, "-later");
				ingestAlternately(off, on, later, later.stream().mapToInt(SyntheticCohort::resourceCount).sum(), Workload.STORED_PATIENTS);
			}
			gc(gcLog);
		}
		cdsAuditOff(warmUp, bundles, cohort, "");
	}

	/**
	 * The later reports alone, for work on reading a stored patient's record back: both servers take the warm-up
	 * bundles, their later reports and the cohort unmeasured, then the cohort's later reports as the A/B.
	 */
	private void laterReportsAlone(List<String> warmUp, List<String> bundles) throws Exception {
		try (ServerProcess on = start(); ServerProcess off = start("--fusion.engine.ingest=false")) {
			for (ServerProcess server : List.of(off, on)) {
				postThenAudit(server, warmUp);
				postThenAudit(server, LaterReports.of(warmUp, "-later"));
				postThenAudit(server, bundles);
			}
			List<String> later = LaterReports.of(bundles, "-later");
			ingestAlternately(off, on, later, later.stream().mapToInt(SyntheticCohort::resourceCount).sum(),
					Workload.STORED_PATIENTS_ALONE);
		}
	}

	/** The CDS load alone, for work on the CDS path: the cohort stored with suggestions, then the calls, audit trail on and off. */
	private void cdsAlone(List<String> warmUp, List<String> bundles, SyntheticCohort cohort) throws Exception {
		try (ServerProcess server = start()) {
			post(server, warmUp);
			post(server, bundles);
			cds(server, cohort.fusionPatients(), " (cds part)", false, true);
			auditTrail(server, "after the CDS load (cds part)", "auditTrail_cdsPart");
		}
		cdsAuditOff(warmUp, bundles, cohort, " (cds part)");
	}

	/** A/B: what the audit trail's writer takes from the calls. */
	private void cdsAuditOff(List<String> warmUp, List<String> bundles, SyntheticCohort cohort, String part) throws Exception {
		try (ServerProcess server = start("--fusion.audit.enabled=false")) {
			post(server, warmUp);
			post(server, bundles);
			cds(server, cohort.fusionPatients(), ", audit trail off (A/B)" + part, false, false);
		}
	}

	/**
	 * What is ingested: the cohort's reports, each bringing its patient (the server takes a new patient's record from the
	 * transaction), or the same patients' later reports (it reads each stored patient's record back).
	 */
	private enum Workload {
		NEW_PATIENTS("", ""),
		STORED_PATIENTS(" of later reports for the same, stored patients", "_storedPatients"),
		STORED_PATIENTS_ALONE(" of later reports for the same, stored patients (later part)", "_storedPatients_laterPart");

		final String label;
		final String key;

		Workload(String label, String key) {
			this.label = label;
			this.key = key;
		}
	}

	private void ingestAlternately(ServerProcess off, ServerProcess on, List<String> bundles, int resources, Workload workload)
			throws Exception {
		int slice = (bundles.size() + INGEST_SLICES - 1) / INGEST_SLICES;
		IngestTime offTime = IngestTime.NONE;
		IngestTime onTime = IngestTime.NONE;
		List<Double> sliceRatios = new ArrayList<>();
		for (int from = 0; from < bundles.size(); from += slice) {
			List<String> part = bundles.subList(from, Math.min(bundles.size(), from + slice));
			IngestTime offPart;
			IngestTime onPart;
			// which server goes first alternates too, so neither always runs right after the other
			if (sliceRatios.size() % 2 == 0) {
				offPart = postThenAudit(off, part);
				onPart = postThenAudit(on, part);
			} else {
				onPart = postThenAudit(on, part);
				offPart = postThenAudit(off, part);
			}
			offTime = offTime.plus(offPart);
			onTime = onTime.plus(onPart);
			sliceRatios.add((double) offPart.stored().toNanos() / onPart.stored().toNanos());
		}
		double stock = ingestRow(offTime.stored(), bundles.size(), resources, "off", workload);
		double withSuggestions = ingestRow(onTime.stored(), bundles.size(), resources, "on", workload);
		double requestsOnly = (double) offTime.answered().toNanos() / onTime.answered().toNanos();
		row("Ingest" + workload.label + ", overhead of suggestions (on ÷ off throughput)", String.format(Locale.ROOT,
				"%.2f (%.0f %% slower; slices %.2f–%.2f; the requests alone, audit writes aside: %.2f)", withSuggestions / stock,
				(1 - withSuggestions / stock) * 100, Collections.min(sliceRatios), Collections.max(sliceRatios), requestsOnly),
				"goal ≤ 10 % slower");
		results.put("ingestRatio" + workload.key, withSuggestions / stock);
		results.put("ingestSliceRatios" + workload.key, sliceRatios);
		results.put("ingestRatioRequestsOnly" + workload.key, requestsOnly);
	}

	/** How long a slice took to be answered, and to be stored with its audit trail written. */
	private record IngestTime(Duration answered, Duration stored) {
		static final IngestTime NONE = new IngestTime(Duration.ZERO, Duration.ZERO);

		IngestTime plus(IngestTime other) {
			return new IngestTime(answered.plus(other.answered), stored.plus(other.stored));
		}
	}

	/**
	 * Posts the bundles, then waits for the server's audit backlog: a transaction's AuditEvents are queued when it
	 * commits, before it is answered, so once the queue is empty everything the slice caused is stored.
	 */
	private static IngestTime postThenAudit(ServerProcess server, List<String> bundles) throws Exception {
		long start = System.nanoTime();
		Duration answered = post(server, bundles).wall();
		FhirHttp http = new FhirHttp(server.port());
		Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
		while (auditDetails(http).path("pending").asLong() > 0) {
			assertThat(Instant.now()).as("audit backlog written within 10 minutes").isBefore(deadline);
			Thread.sleep(20);
		}
		return new IngestTime(answered, Duration.ofNanos(System.nanoTime() - start));
	}

	/**
	 * Start to ready on an empty H2, {@link #STARTS} times each: bin/fusion-cds as operators start it, on each of
	 * {@link #LAUNCHER_JAVAS} (prepared first, not measured), then java -jar.
	 */
	private void startup() throws Exception {
		for (String javaHome : LAUNCHER_JAVAS) {
			ProcessBuilder prepare = new ProcessBuilder("bin/fusion-cds", "--prepare").inheritIO();
			prepare.environment().put("JAVA_HOME", javaHome);
			assertThat(prepare.start().waitFor()).as("bin/fusion-cds --prepare on " + javaHome).isZero();
			String version = javaVersion(javaHome);
			startupRow("bin/fusion-cds on Java " + version + (Runtime.Version.parse(version).feature() >= 25
					? " (extracted layout + AOT cache)" : " (extracted layout + CDS archive)"), "goal ≤ 15 s",
					"startupLauncherSeconds_" + version,
					() -> ServerProcess.startWithLauncher(ServerProcess.freePort(), Files.createTempDirectory("fusion-bench"),
							javaHome, JVM));
		}
		startupRow("java -jar on Java " + System.getProperty("java.version"), "", "startupJarSeconds", () -> start());
	}

	private void startupRow(String how, String goal, String key, Starter starter) throws Exception {
		List<Duration> times = new ArrayList<>();
		for (int i = 0; i < STARTS; i++) {
			try (ServerProcess server = starter.start()) {
				times.add(server.startup());
			}
		}
		List<Duration> sorted = times.stream().sorted().toList();
		row("Startup to ready, H2 (empty), " + how + ", median of " + STARTS,
				seconds(sorted.get(STARTS / 2)) + " (" + seconds(sorted.get(0)) + "–" + seconds(sorted.get(STARTS - 1)) + ")", goal);
		results.put(key, times.stream().map(t -> t.toMillis() / 1000.0).toList());
	}

	private interface Starter {
		ServerProcess start() throws Exception;
	}

	/** The java.version of the JVM under javaHome, from its release file. */
	private static String javaVersion(String javaHome) throws IOException {
		Matcher version = Pattern.compile("JAVA_VERSION=\"([^\"]+)\"").matcher(Files.readString(Path.of(javaHome, "release")));
		assertThat(version.find()).as(javaHome + "/release names the Java version").isTrue();
		return version.group(1);
	}

	private double ingestRow(Duration wall, int bundles, int resources, String suggestions, Workload workload) {
		double perSecond = resources / (wall.toNanos() / 1e9);
		row("Ingest" + workload.label + ", suggestions " + suggestions + " (" + bundles + " bundles, " + resources + " resources, " + INGEST_CLIENTS
				+ " clients, " + INGEST_SLICES + " slices alternating with the other server, each until its audit trail is written)",
				String.format(Locale.ROOT, "%.0f resources/s", perSecond), "");
		results.put("ingestResourcesPerSecond_" + suggestions + workload.key, perSecond);
		return perSecond;
	}

	/** POSTs transaction bundles with {@link #INGEST_CLIENTS} clients; every one must succeed. */
	private static LoadDriver.Run post(ServerProcess server, List<String> bundles) throws Exception {
		URI fhir = URI.create("http://127.0.0.1:" + server.port() + "/fhir");
		LoadDriver.Run run = LoadDriver.all(INGEST_CLIENTS, bundles.size(), i -> HttpRequest.newBuilder(fhir)
				.POST(HttpRequest.BodyPublishers.ofString(bundles.get(i)))
				.header("Content-Type", FhirHttp.FHIR_JSON).timeout(Duration.ofSeconds(300)).build());
		assertThat(run.failures()).as("failed ingest requests").isZero();
		return run;
	}

	/**
	 * @param alsoFromStore also the calls that send no prefetch (the server reads its own store)
	 * @param underGoal whether the full-prefetch row is the one the p99 goal is about (the audit trail on)
	 */
	private void cds(ServerProcess server, List<String> patients, String variantNote, boolean alsoFromStore, boolean underGoal)
			throws Exception {
		String base = "http://127.0.0.1:" + server.port();
		FhirHttp http = new FhirHttp(server.port());
		List<String> withPrefetch = new ArrayList<>();
		List<String> withoutPrefetch = new ArrayList<>();
		for (String patient : patients.subList(0, Math.min(50, patients.size()))) {
			ObjectNode prefetch = JSON.createObjectNode();
			for (Map.Entry<String, String> template : CdsServiceCatalog.PREFETCH.entrySet()) {
				String query = template.getValue().replace(CdsServiceCatalog.PATIENT_ID, patient);
				prefetch.set(template.getKey(), JSON.readTree(http.get("/fhir/" + query).body()));
			}
			withPrefetch.add(hook(patient, null, prefetch));
			withoutPrefetch.add(hook(patient, base + "/fhir", null));
		}
		URI hook = URI.create(base + "/cds-services/fusion-patient-view");
		boolean wrk = WrkDriver.available();
		results.put("cdsLoadGenerator", wrk ? "wrk" : "java.net.http.HttpClient");
		String[][] variants = {{"full prefetch", "prefetch"}, {"no prefetch (reads its own store)", "store"}};
		for (String[] variant : alsoFromStore ? variants : new String[][] {variants[0]}) {
			List<String> bodies = variant[1].equals("prefetch") ? withPrefetch : withoutPrefetch;
			String label = "CDS fusion-patient-view, " + variant[0] + variantNote + ", " + CDS_CLIENTS + " clients, " + CDS_SECONDS
					+ " s (warm, " + (wrk ? "wrk" : "Java HttpClient") + ")";
			LoadRound load = wrk ? length -> WrkDriver.run(hook.toString(), bodies, CDS_CLIENTS, length)
					: length -> LoadDriver.forDuration(CDS_CLIENTS, length, i -> post(hook, bodies.get(i % bodies.size()))).summary();
			auditWritten(http);
			WarmUp warm = warmUp(load);
			// the warm-up's audit backlog is written before the measured run, which then pays only for its own
			auditWritten(http);
			LoadDriver.Summary run = load.run(Duration.ofSeconds(CDS_SECONDS));
			row(label, run.describe() + String.format(Locale.ROOT, " (after %d s of warm-up, %s)", warm.took().toSeconds(),
					warm.steady() ? "steady" : "not steady within " + CDS_WARM_MAX_SECONDS + " s"),
					variant[1].equals("prefetch") && underGoal ? "goal p99 ≤ 40 ms" : "");
			Map<String, Object> result = new LinkedHashMap<>(run.asMap());
			result.put("warmUpSeconds", warm.took().toSeconds());
			result.put("warmUpSteady", warm.steady());
			result.put("warmUpCallsPerSecond", warm.callsPerSecond());
			results.put("cds_" + variant[1] + variantNote.replaceAll("[^A-Za-z]", ""), result);
		}
	}

	private interface LoadRound {
		LoadDriver.Summary run(Duration length) throws Exception;
	}

	/** How long the warm-up took, whether it ended steady (else at the cap), and each round's calls per second. */
	private record WarmUp(Duration took, boolean steady, List<Double> callsPerSecond) {}

	/**
	 * Rounds of {@link #CDS_WARM_SECONDS} for at least {@link #CDS_WARM_MIN_SECONDS}, then until the last three rounds
	 * are each within {@link #CDS_STEADY} of their mean throughput, for at most {@link #CDS_WARM_MAX_SECONDS}. On 2 cores
	 * the JIT compiles the CDS path for about two minutes (its compiler threads took a third of the machine after a
	 * fixed 15 s warm-up, and throughput tripled over the next two minutes), so a short warm-up measures the compiler,
	 * not the server; with the audit trail on, throughput can stay flat for a minute before the writer's code is
	 * compiled. A round length of 0 means no warm-up.
	 */
	private static WarmUp warmUp(LoadRound round) throws Exception {
		List<Double> rates = new ArrayList<>();
		long start = System.nanoTime();
		if (CDS_WARM_SECONDS <= 0) {
			return new WarmUp(Duration.ZERO, false, rates);
		}
		while (true) {
			rates.add(round.run(Duration.ofSeconds(CDS_WARM_SECONDS)).perSecond());
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			boolean steady = took.toSeconds() >= CDS_WARM_MIN_SECONDS && steady(rates);
			if (steady || took.toSeconds() + CDS_WARM_SECONDS > CDS_WARM_MAX_SECONDS) {
				return new WarmUp(took, steady, rates);
			}
		}
	}

	private static boolean steady(List<Double> rates) {
		if (rates.size() < 3) {
			return false;
		}
		List<Double> last = rates.subList(rates.size() - 3, rates.size());
		double mean = last.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
		return last.stream().allMatch(rate -> Math.abs(rate - mean) <= CDS_STEADY * mean);
	}

	/**
	 * One Genomics Reporting IG report of {@link #REPORT_VARIANTS} variant Observations in one transaction: on a
	 * stock server (HAPI's storage defaults, profile validation and suggestions off), on the same with our
	 * storage defaults, and on ours, each warmed up with one report first; then the same report posted again.
	 */
	private void largeReport(String run) throws Exception {
		double[] stock = reportSeconds(run + "-stock", "--fusion.engine.ingest=false", "--fusion.validation.enabled=false",
				"--fusion.search.token-text=true");
		double[] stockLean = reportSeconds(run + "-lean", "--fusion.engine.ingest=false", "--fusion.validation.enabled=false");
		double[] ours = reportSeconds(run + "-ours");
		String label = "Report of " + REPORT_VARIANTS + " variant Observations in one transaction";
		row(label + ", validation and suggestions off (stock: HAPI's storage defaults)", String.format(Locale.ROOT, "%.2f s", stock[0]), "");
		row(label + ", the same with our storage defaults (token words not indexed)", String.format(Locale.ROOT, "%.2f s", stockLean[0]), "");
		row(label + ", validation and suggestions on", String.format(Locale.ROOT, "%.2f s (%.1f× stock, %.1f× our storage alone)",
				ours[0], ours[0] / stock[0], ours[0] / stockLean[0]), "goal ≤ 2× stock");
		row(label + ", posted again unchanged (on; stock %.2f s)".formatted(stock[1]), String.format(Locale.ROOT, "%.2f s", ours[1]), "");
		results.put("largeReport", Map.of("variants", REPORT_VARIANTS, "stockSeconds", stock[0], "ourStorageSeconds", stockLean[0],
				"oursSeconds", ours[0], "ratio", ours[0] / stock[0], "repostStockSeconds", stock[1], "repostOursSeconds", ours[1]));
	}

	/** Seconds for the report, then for the same report again. */
	private static double[] reportSeconds(String patient, String... options) throws Exception {
		try (ServerProcess server = start(options)) {
			FhirHttp http = new FhirHttp(server.port());
			postReport(http, LargeReport.transaction(patient + "-warm", REPORT_VARIANTS));
			String report = LargeReport.transaction(patient, REPORT_VARIANTS);
			return new double[] {postReport(http, report), postReport(http, report)};
		}
	}

	private static double postReport(FhirHttp http, String transaction) {
		Instant started = Instant.now();
		HttpResponse<String> answer = http.post("/fhir", FhirHttp.FHIR_JSON, transaction);
		double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return seconds;
	}

	private void reevaluate(String run) throws Exception {
		SyntheticCohort fusions = new SyntheticCohort(7, "reeval-" + run, 1.0);
		List<String> bundles = fusions.bundles(REEVALUATE, 50);
		try (ServerProcess server = start("--fusion.engine.ingest=false")) {
			LoadDriver.Run load = post(server, bundles);
			row("Bulk load with suggestions off: " + REEVALUATE + " patients with fusion results", seconds(load.wall()), "");
			FhirHttp http = new FhirHttp(server.port());
			auditWritten(http);
			reevaluateJob(http, "$reevaluate of %d bulk-loaded fusion results (Batch2, first evaluation: every suggestion written)",
					"reevaluate", 60);
			screeningGaps(http);
			reevaluateJob(http, "$reevaluate of the same %d results again (suggestions unchanged, as after a knowledge update "
					+ "that changes none)", "reevaluateUnchanged", 20);
		}
	}

	/** $screening-gaps over the whole bulk-loaded cohort: the first call, then the median of five. */
	private void screeningGaps(FhirHttp http) throws Exception {
		List<Long> millis = new ArrayList<>();
		String summary = "";
		for (int i = 0; i < 6; i++) {
			Instant started = Instant.now();
			HttpResponse<String> answer = http.get("/fhir/$screening-gaps?_count=100");
			millis.add(Duration.between(started, Instant.now()).toMillis());
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			summary = answer.body();
		}
		String patients = "?";
		for (JsonNode population : JSON.readTree(summary).path("entry").path(0).path("resource").path("group").path(0).path("population")) {
			if ("initial-population".equals(population.path("code").path("coding").path(0).path("code").asText())) {
				patients = population.path("count").asText();
			}
		}
		List<Long> warm = millis.subList(1, millis.size()).stream().sorted().toList();
		row("$screening-gaps over " + REEVALUATE + " patients (" + patients + " eligible; summary + first 100 gaps)",
				String.format(Locale.ROOT, "first %d ms, warm median %d ms", millis.get(0), warm.get(warm.size() / 2)), "goal ≤ 5 s");
		results.put("screeningGaps", Map.of("patients", REEVALUATE, "eligible", patients, "firstMs", millis.get(0),
				"warmMedianMs", warm.get(warm.size() / 2)));
	}

	/** Runs one $reevaluate job to its end, polling its status URL; records the time, rate and progress seen. */
	private void reevaluateJob(FhirHttp http, String label, String key, int goalSeconds) throws Exception {
		Instant started = Instant.now();
		HttpResponse<String> accepted = http.post("/fhir/$reevaluate", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Parameters\"}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		String status = accepted.headers().firstValue("Content-Location").orElseThrow();
		status = status.substring(status.indexOf("/fhir/"));
		List<String> progress = new ArrayList<>();
		HttpResponse<String> answer = http.get(status);
		while (answer.statusCode() == 202) {
			answer.headers().firstValue("X-Progress").ifPresent(progress::add);
			Thread.sleep(1000);
			answer = http.get(status);
		}
		Duration took = Duration.between(started, Instant.now());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode summary = JSON.readTree(answer.body());
		int reevaluated = 0;
		for (JsonNode parameter : summary.path("parameter")) {
			if ("patientsReevaluated".equals(parameter.path("name").asText())) {
				reevaluated = parameter.path("valueInteger").asInt();
			}
		}
		double perSecond = reevaluated / (took.toNanos() / 1e9);
		row(String.format(Locale.ROOT, label, reevaluated), String.format(Locale.ROOT, "%s, %.0f results/s (10,000: ~%.0f s)",
				seconds(took), perSecond, 10_000 / perSecond), "goal: 10,000 ≤ " + goalSeconds + " s");
		results.put(key, Map.of("results", reevaluated, "seconds", took.toMillis() / 1000.0, "resultsPerSecond", perSecond,
				"progressSamples", progress.size(), "lastProgress", progress.isEmpty() ? "" : progress.get(progress.size() - 1)));
	}

	/**
	 * Waits until the load's AuditEvents are written (none pending twice in a row), so the next measure
	 * does not pay for them; a node without the audit trail reports none.
	 */
	private static void auditWritten(FhirHttp http) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
		int idle = 0;
		while (idle < 2) {
			assertThat(Instant.now()).as("audit backlog written within 10 minutes").isBefore(deadline);
			idle = auditDetails(http).path("pending").asLong() == 0 ? idle + 1 : 0;
			Thread.sleep(500);
		}
	}

	private static JsonNode auditDetails(FhirHttp http) throws Exception {
		return JSON.readTree(http.get("/actuator/health", "application/json").body()).path("components").path("auditTrail").path("details");
	}

	/** The audit queue's counters once the CDS load is over: events the writer could not keep up with are dropped. */
	private void auditTrail(ServerProcess server, String when, String key) throws Exception {
		JsonNode details = auditDetails(new FhirHttp(server.port()));
		row("Audit trail " + when + " (AuditEvents dropped / lost / still queued)", details.path("dropped").asLong()
				+ " / " + details.path("lost").asLong() + " / " + details.path("pending").asLong(), "none dropped");
		results.put(key, JSON.convertValue(details, Map.class));
	}

	private void gc(Path gcLog) throws Exception {
		Matcher pause = Pattern.compile("Pause.* (\\d+(?:\\.\\d+)?)ms$").matcher("");
		double total = 0;
		double max = 0;
		int count = 0;
		for (String line : Files.readAllLines(gcLog)) {
			if (pause.reset(line).find()) {
				double ms = Double.parseDouble(pause.group(1));
				total += ms;
				max = Math.max(max, ms);
				count++;
			}
		}
		row("GC at -Xmx1g through ingest and CDS load (G1)", String.format(Locale.ROOT, "%d pauses, %.0f ms total, max %.0f ms",
				count, total, max), "no OutOfMemoryError");
		results.put("gc", Map.of("pauses", count, "totalMs", total, "maxMs", max));
	}

	private static String hook(String patient, String fhirServer, JsonNode prefetch) {
		ObjectNode body = JSON.createObjectNode().put("hook", "patient-view").put("hookInstance", "bench-" + patient);
		body.putObject("context").put("userId", "Practitioner/1").put("patientId", patient);
		if (fhirServer != null) {
			body.put("fhirServer", fhirServer);
		}
		if (prefetch != null) {
			body.set("prefetch", prefetch);
		}
		return body.toString();
	}

	private static HttpRequest post(URI uri, String body) {
		return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body))
				.header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).build();
	}

	private static ServerProcess start(String... options) throws Exception {
		int port = ServerProcess.freePort();
		System.out.println("bench: server on port " + port + " with " + String.join(" ", options));
		return ServerProcess.start(port, Files.createTempDirectory("fusion-bench"),
				JVM.stream().map(option -> option.replace("{port}", Integer.toString(port))).toList(), options);
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private void row(String what, String measured, String note) {
		table.add(new String[] {what, measured, note});
		System.out.printf("bench: %s: %s%n", what, measured);
	}

	private void report() throws Exception {
		StringBuilder md = new StringBuilder("| Measure | Result | Goal / note |\n|---|---|---|\n");
		table.forEach(r -> md.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" |\n"));
		results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version"),
				"os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
		results.put("sizes", Map.of("cohortPatients", COHORT, "reevaluateResults", REEVALUATE, "cdsSeconds", CDS_SECONDS,
				"cdsClients", CDS_CLIENTS));
		results.put("table", md.toString());
		Path out = Path.of("target/bench");
		Files.createDirectories(out);
		JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("results.json").toFile(), results);
		Files.writeString(out.resolve("results.md"), md);
		System.out.println("\n" + md);
	}
}
