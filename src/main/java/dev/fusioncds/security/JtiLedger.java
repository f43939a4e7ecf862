package dev.fusioncds.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The CDS Hooks tokens already used, in the database every node shares, so a token replayed to
 * another node is refused too. The primary key decides who used a token first: of two nodes
 * inserting the same key at once exactly one succeeds, with no read-then-write window between them.
 * A row lives until its token could no longer pass the expiry check; expired rows are deleted at
 * most once per {@link #PURGE_INTERVAL} per node.
 */
@Component
public class JtiLedger {

	static final String TABLE = "fcds_cds_jti";
	static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final AtomicReference<Instant> nextPurge;

	public JtiLedger(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.nextPurge = new AtomicReference<>(clock.instant());
		// the key is a hash of issuer and jti: fixed width, whatever length a client's jti has
		jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE
				+ " (token_key CHAR(64) PRIMARY KEY, expires_at TIMESTAMP WITH TIME ZONE NOT NULL)");
		jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_expiry ON " + TABLE + " (expires_at)");
	}

	/**
	 * Records the first use of {@code jti} from {@code issuer}.
	 *
	 * @param usableUntil when the token stops passing the expiry check (its {@code exp} plus the clock skew)
	 * @return false when that issuer's jti was used before and its token has not expired: a replay
	 */
	public boolean firstUse(String issuer, String jti, Instant usableUntil) {
		Instant now = clock.instant();
		purgeWhenDue(now);
		String key = key(issuer, jti);
		OffsetDateTime expires = utc(usableUntil);
		try {
			jdbc.update("INSERT INTO " + TABLE + " (token_key, expires_at) VALUES (?, ?)", key, expires);
			return true;
		} catch (DuplicateKeyException used) {
			// a row left by an expired token, not purged yet, does not make a new token with its jti a
			// replay; the row lock lets only one of two nodes taking it over succeed
			return jdbc.update("UPDATE " + TABLE + " SET expires_at = ? WHERE token_key = ? AND expires_at < ?",
					expires, key, utc(now)) == 1;
		}
	}

	private void purgeWhenDue(Instant now) {
		Instant due = nextPurge.get();
		if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_INTERVAL))) {
			return;
		}
		jdbc.update("DELETE FROM " + TABLE + " WHERE expires_at < ?", utc(now));
	}

	static String key(String issuer, String jti) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest((issuer + "\n" + jti).getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}
}
