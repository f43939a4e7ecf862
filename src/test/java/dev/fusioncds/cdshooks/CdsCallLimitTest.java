package dev.fusioncds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CdsCallLimitTest {

	@Test
	void aCallBeyondTheLimitWaitsItsTurnThenGets503() throws Exception {
		CdsCallLimit limit = new CdsCallLimit(new CdsHooksProperties(1, Duration.ofMillis(200)));
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<String> first = pool.submit(() -> limit.inTurn(() -> {
				inside.countDown();
				await(release);
				return "first";
			}));
			assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

			long started = System.nanoTime();
			assertThatThrownBy(() -> limit.inTurn(() -> "second"))
					.isInstanceOfSatisfying(CdsHookException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

			release.countDown();
			assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
			assertThat(limit.inTurn(() -> "third")).as("the turn is given back after the first call").isEqualTo("third");
		} finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aCallWaitingOnTheNetworkLetsAnotherCallTakeTheTurn() throws Exception {
		CdsCallLimit limit = new CdsCallLimit(new CdsHooksProperties(1, Duration.ofMillis(500)));
		CountDownLatch fetching = new CountDownLatch(1);
		CountDownLatch otherDone = new CountDownLatch(1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Future<String> remote = pool.submit(() -> limit.inTurn(() -> limit.outOfTurn(() -> {
				fetching.countDown();
				await(otherDone);
				return "fetched";
			})));
			assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();

			assertThat(limit.inTurn(() -> "other")).as("runs while the first call waits on its fhirServer").isEqualTo("other");
			otherDone.countDown();
			assertThat(remote.get(5, TimeUnit.SECONDS)).isEqualTo("fetched");
			assertThat(limit.inTurn(() -> "after")).as("the turn is back").isEqualTo("after");
		} finally {
			pool.shutdownNow();
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

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
