package dev.fusioncds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class CdsCallLimitTest {

	@Test
	void aCallBeyondTheLimitWaitsThenGets503WithRetryAfter() throws Exception {
		CdsCallLimit limit = new CdsCallLimit(new CdsHooksProperties(1, Duration.ofMillis(200)));
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<?> first = pool.submit(() -> {
				limit.doFilter(post(), new MockHttpServletResponse(), (req, res) -> {
					inside.countDown();
					await(release);
				});
				return null;
			});
			assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

			MockHttpServletResponse second = new MockHttpServletResponse();
			AtomicInteger ran = new AtomicInteger();
			long started = System.nanoTime();
			limit.doFilter(post(), second, (req, res) -> ran.incrementAndGet());

			assertThat(ran).hasValue(0);
			assertThat(second.getStatus()).isEqualTo(503);
			assertThat(second.getHeader("Retry-After")).isEqualTo("1");
			assertThat(second.getContentAsString()).contains("\"error\":\"Service Unavailable\"");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

			release.countDown();
			first.get(5, TimeUnit.SECONDS);
			MockHttpServletResponse third = new MockHttpServletResponse();
			limit.doFilter(post(), third, (req, res) -> ran.incrementAndGet());
			assertThat(ran).as("the turn is given back after the first call").hasValue(1);
			assertThat(third.getStatus()).isEqualTo(200);
		} finally {
			pool.shutdownNow();
		}
	}

	@Test
	void discoveryIsNeverHeldBack() throws Exception {
		CdsCallLimit limit = new CdsCallLimit(new CdsHooksProperties(1, Duration.ofMillis(50)));
		AtomicInteger ran = new AtomicInteger();
		limit.doFilter(post(), new MockHttpServletResponse(), (req, res) ->
				limit.doFilter(new MockHttpServletRequest("GET", "/cds-services"), new MockHttpServletResponse(),
						(inner, innerRes) -> ran.incrementAndGet()));
		assertThat(ran).hasValue(1);
	}

	@Test
	void defaultsToThreeCallsPerProcessor() {
		assertThat(new CdsHooksProperties(0, Duration.ofSeconds(5)).effectiveConcurrency())
				.isEqualTo(3 * Runtime.getRuntime().availableProcessors());
	}

	private static MockHttpServletRequest post() {
		return new MockHttpServletRequest("POST", "/cds-services/fusion-patient-view");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
