package dev.fusioncds.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** A closed-loop load generator over loopback: N clients, each sending its next request as soon as the last answered. */
final class LoadDriver {

	/** What a load run measured, whichever generator drove it: latency percentiles in ms, calls/s, failures. */
	record Summary(double p50, double p95, double p99, double perSecond, long failures) {

		String describe() {
			return String.format(Locale.ROOT, "p50 %.1f / p95 %.1f / p99 %.1f ms, %.0f calls/s, %d errors", p50, p95, p99, perSecond,
					failures);
		}

		Map<String, Object> asMap() {
			return Map.of("p50", p50, "p95", p95, "p99", p99, "callsPerSecond", perSecond, "errors", failures);
		}
	}

	/** Latencies of the successful calls, failures counted apart. */
	record Run(long[] nanos, int failures, Duration wall) {

		Summary summary() {
			return new Summary(percentileMs(50), percentileMs(95), percentileMs(99), perSecond(), failures);
		}

		double percentileMs(double p) {
			if (nanos.length == 0) {
				return Double.NaN;
			}
			long[] sorted = nanos.clone();
			Arrays.sort(sorted);
			int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
			return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
		}

		double perSecond() {
			return nanos.length / (wall.toNanos() / 1e9);
		}
	}

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private LoadDriver() {}

	/** {@code clients} loops for {@code duration}; request {@code i} of the run comes from {@code next}. */
	static Run forDuration(int clients, Duration duration, IntFunction<HttpRequest> next) throws Exception {
		long end = System.nanoTime() + duration.toNanos();
		AtomicInteger sequence = new AtomicInteger();
		return run(clients, () -> System.nanoTime() < end ? sequence.getAndIncrement() : -1, next);
	}

	/** Requests {@code 0..count-1}, spread over {@code clients}. */
	static Run all(int clients, int count, IntFunction<HttpRequest> next) throws Exception {
		AtomicInteger sequence = new AtomicInteger();
		return run(clients, () -> {
			int i = sequence.getAndIncrement();
			return i < count ? i : -1;
		}, next);
	}

	private interface Ticket {
		int next();
	}

	private static Run run(int clients, Ticket tickets, IntFunction<HttpRequest> next) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		AtomicInteger failures = new AtomicInteger();
		List<Future<List<Long>>> workers = new ArrayList<>();
		long started = System.nanoTime();
		for (int c = 0; c < clients; c++) {
			workers.add(pool.submit(() -> {
				List<Long> latencies = new ArrayList<>();
				for (int i = tickets.next(); i >= 0; i = tickets.next()) {
					HttpRequest request = next.apply(i);
					long t0 = System.nanoTime();
					try {
						HttpResponse<Void> response = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
						if (response.statusCode() < 300) {
							latencies.add(System.nanoTime() - t0);
						} else {
							failures.incrementAndGet();
						}
					} catch (Exception e) {
						failures.incrementAndGet();
					}
				}
				return latencies;
			}));
		}
		List<Long> all = new ArrayList<>();
		for (Future<List<Long>> worker : workers) {
			all.addAll(worker.get());
		}
		Duration wall = Duration.ofNanos(System.nanoTime() - started);
		pool.shutdown();
		return new Run(all.stream().mapToLong(Long::longValue).toArray(), failures.get(), wall);
	}
}
