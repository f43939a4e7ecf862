package dev.fusioncds.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProgressLogTest {

	private final AtomicLong nanos = new AtomicLong();
	private final ProgressLog progress =
			new ProgressLog(LoggerFactory.getLogger(ProgressLogTest.class), "Demo cohort: patients loaded", 2000, nanos::get);

	@Test
	void saysCountRateAndTimeLeft() {
		nanos.set(8_000_000_000L);
		progress.advance(400);

		assertThat(progress.line(nanos.get())).isEqualTo("Demo cohort: patients loaded 400 of 2000 (20 %), 50.0/s, about 32 s left");
		assertThat(progress.complete()).isFalse();
	}

	@Test
	void saysWhenItIsDone() {
		nanos.set(40_000_000_000L);
		progress.advance(2000);

		assertThat(progress.line(nanos.get())).isEqualTo("Demo cohort: patients loaded 2000 of 2000 (100 %), 50.0/s, done in 40 s");
		assertThat(progress.complete()).isTrue();
	}

	@Test
	void anUnknownTotalGivesCountAndRateOnly() {
		ProgressLog unknown = new ProgressLog(LoggerFactory.getLogger(ProgressLogTest.class), "Re-evaluated patients", 0, nanos::get);
		nanos.set(2_000_000_000L);
		unknown.advance(30);

		assertThat(unknown.line(nanos.get())).isEqualTo("Re-evaluated patients 30, 15.0/s");
		assertThat(unknown.complete()).isFalse();
	}
}
