package dev.fusioncds.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a CDS Hooks service with {@code wrk} (Debian package {@code wrk}) when it is on the PATH:
 * a C load generator costs the 2-core machine far less CPU than a JVM client, so the server, not the
 * client, is what gets measured. Closed loop, N connections, POST bodies taken in turn.
 */
final class WrkDriver {

	private static final Pattern LINE = Pattern.compile(
			"fusion-bench p50=([\\d.]+) p95=([\\d.]+) p99=([\\d.]+) requests=(\\d+) seconds=([\\d.]+) failures=(\\d+)");
	private static final String SCRIPT = """
			local bodies = {}
			for line in io.lines(os.getenv("FUSION_BENCH_BODIES")) do
			  local f = io.open(line, "r"); bodies[#bodies + 1] = f:read("*a"); f:close()
			end
			local i = 0
			request = function()
			  i = i % #bodies + 1
			  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[i])
			end
			done = function(summary, latency, requests)
			  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
			  io.write(string.format("fusion-bench p50=%.3f p95=%.3f p99=%.3f requests=%d seconds=%.3f failures=%d\\n",
			    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
			    summary.requests, summary.duration / 1e6, errors + summary.errors.status))
			end
			""";

	private WrkDriver() {}

	static boolean available() {
		try {
			return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
		} catch (IOException e) {
			return false;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Failures are HTTP 4xx/5xx answers and socket errors. */
	static LoadDriver.Summary run(String url, List<String> bodies, int connections, Duration duration) throws Exception {
		Path dir = Files.createTempDirectory("fusion-bench-wrk");
		StringBuilder list = new StringBuilder();
		for (int i = 0; i < bodies.size(); i++) {
			Path body = dir.resolve("body-" + i + ".json");
			Files.writeString(body, bodies.get(i));
			list.append(body).append('\n');
		}
		Files.writeString(dir.resolve("bodies.txt"), list);
		Files.writeString(dir.resolve("bench.lua"), SCRIPT);
		ProcessBuilder wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s", "--timeout", "30s",
				"-s", dir.resolve("bench.lua").toString(), url).redirectErrorStream(true);
		wrk.environment().put("FUSION_BENCH_BODIES", dir.resolve("bodies.txt").toString());
		Process process = wrk.start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor();
		Matcher m = LINE.matcher(output);
		if (!m.find()) {
			throw new IllegalStateException("wrk printed no result:\n" + output);
		}
		double requests = Double.parseDouble(m.group(4));
		long failures = Long.parseLong(m.group(6));
		return new LoadDriver.Summary(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
				(requests - failures) / Double.parseDouble(m.group(5)), failures);
	}
}
