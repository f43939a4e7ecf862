package dev.fusioncds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The jti ledger on a real (in-memory H2) database, two ledgers standing for two nodes. */
class JtiLedgerTest {

	static final String EHR = "https://ehr.example.org";

	final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
	JdbcTemplate jdbc;
	JtiLedger nodeA;
	JtiLedger nodeB;

	@BeforeEach
	void database() {
		jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:jti-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
		nodeA = new JtiLedger(jdbc, clock);
		nodeB = new JtiLedger(jdbc, clock);
	}

	@Test
	void aJtiIsAcceptedOnceAcrossNodes() {
		Instant usableUntil = clock.instant().plusSeconds(300);

		assertThat(nodeA.firstUse(EHR, "jti-1", usableUntil)).isTrue();
		assertThat(nodeB.firstUse(EHR, "jti-1", usableUntil)).isFalse();
		assertThat(nodeA.firstUse(EHR, "jti-1", usableUntil)).isFalse();
	}

	@Test
	void theSameJtiFromAnotherIssuerIsNoReplay() {
		Instant usableUntil = clock.instant().plusSeconds(300);

		assertThat(nodeA.firstUse(EHR, "jti-1", usableUntil)).isTrue();
		assertThat(nodeB.firstUse("https://other-ehr.example.org", "jti-1", usableUntil)).isTrue();
	}

	@Test
	void aJtiWhoseTokenExpiredMayBeUsedByANewTokenBeforeItsRowIsPurged() {
		assertThat(nodeA.firstUse(EHR, "jti-1", clock.instant().plusSeconds(30))).isTrue();
		clock.advance(Duration.ofSeconds(31));

		assertThat(nodeB.firstUse(EHR, "jti-1", clock.instant().plusSeconds(300))).isTrue();
		assertThat(nodeA.firstUse(EHR, "jti-1", clock.instant().plusSeconds(300))).isFalse();
	}

	@Test
	void expiredRowsArePurgedOncePerInterval() {
		nodeA.firstUse(EHR, "short-lived", clock.instant().plusSeconds(10));
		nodeA.firstUse(EHR, "long-lived", clock.instant().plus(Duration.ofHours(1)));
		clock.advance(JtiLedger.PURGE_INTERVAL.plusSeconds(1));

		nodeA.firstUse(EHR, "next", clock.instant().plusSeconds(300));

		assertThat(jdbc.queryForList("SELECT token_key FROM " + JtiLedger.TABLE, String.class))
				.containsExactlyInAnyOrder(JtiLedger.key(EHR, "long-lived"), JtiLedger.key(EHR, "next"));
	}

	@Test
	void ofSixteenConcurrentUsesOfOneJtiExactlyOneIsAccepted() throws Exception {
		Instant usableUntil = clock.instant().plusSeconds(300);
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Future<Boolean>> uses = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				JtiLedger node = i % 2 == 0 ? nodeA : nodeB;
				uses.add(pool.submit((Callable<Boolean>) () -> node.firstUse(EHR, "raced", usableUntil)));
			}
			List<Boolean> accepted = new ArrayList<>();
			for (Future<Boolean> use : uses) {
				accepted.add(use.get());
			}
			assertThat(accepted).containsOnlyOnce(true);
		} finally {
			pool.shutdown();
		}
	}

	static final class MovableClock extends Clock {

		private volatile Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}
	}
}
