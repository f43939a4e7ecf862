package dev.fusioncds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CdsCallLimitTest {

	@Test
	void aCallBeyondTheLimitWaitsItsTurnThenGets503() throws Exception {
		CdsCallLimit limit = new CdsCallLimit(new CdsHooksProperties(1, Duration.ofMillis(200)));
		try (Blocked first = new Blocked(limit::inTurn)) {
			long started = System.nanoTime();
			assertThatThrownBy(() -> limit.inTurn(() -> "second"))
					.isInstanceOfSatisfying(CdsHookException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

			assertThat(first.finish()).isEqualTo("blocked");
			assertThat(limit.inTurn(() -> "third")).as("the turn is given back after the first call").isEqualTo("third");
		}
	}

	@Test
	void aCallWaitingOnTheNetworkLetsAnotherCallTakeTheTurn() throws Exception {
		CdsCallLimit limit = new CdsCallLimit(new CdsHooksProperties(1, Duration.ofMillis(500)));
		try (Blocked remote = new Blocked(fetch -> limit.inTurn(() -> limit.outOfTurn(fetch)))) {
			assertThat(limit.inTurn(() -> "other")).as("runs while the first call waits on its fhirServer").isEqualTo("other");

			assertThat(remote.finish()).isEqualTo("blocked");
			assertThat(limit.inTurn(() -> "after")).as("the turn is back").isEqualTo("after");
		}
	}

	@Test
	void aFailingCallGivesItsTurnBack() {
		CdsCallLimit limit = new CdsCallLimit(new CdsHooksProperties(1, Duration.ofMillis(50)));
		assertThatThrownBy(() -> limit.inTurn(() -> {
			throw CdsHookRequest.bad("broken");
		})).hasMessage("broken");
		assertThat(limit.inTurn(() -> "next")).isEqualTo("next");
	}

	@Test
	void defaultsToThreeCallsPerProcessor() {
		assertThat(new CdsHooksProperties(0, Duration.ofSeconds(5)).effectiveConcurrency())
				.isEqualTo(3 * Runtime.getRuntime().availableProcessors());
	}

	/** A call on another thread, wrapped by {@code around}, that stays where it is until {@link #finish()}. */
	private static final class Blocked implements AutoCloseable {

		private final CountDownLatch entered = new CountDownLatch(1);
		private final CountDownLatch release = new CountDownLatch(1);
		private final ExecutorService thread = Executors.newSingleThreadExecutor();
		private final Future<String> result;

		Blocked(Function<Supplier<String>, String> around) throws InterruptedException {
			result = thread.submit(() -> around.apply(() -> {
				entered.countDown();
				await(release);
				return "blocked";
			}));
			assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
		}

		String finish() throws Exception {
			release.countDown();
			return result.get(5, TimeUnit.SECONDS);
		}

		@Override
		public void close() {
			thread.shutdownNow();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
