package dev.fusioncds.progress;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One log line now and then while long work runs: count of total, rate per second and the time
 * left at that rate. A line every {@link #INTERVAL} or at each further tenth of the total, whichever
 * comes first, so a small job logs a few lines and a long one one every few seconds. Thread-safe:
 * parallel workers report into one instance.
 */
public final class ProgressLog {

	static final Duration INTERVAL = Duration.ofSeconds(5);

	private final Logger log;
	private final String what;
	private final long total;
	private final LongSupplier nanoClock;
	private final long started;
	private long done;
	private long lastLineAt;
	private long lastTenth;

	/**
	 * @param what the work and its unit, e.g. "Demo cohort: patients loaded"
	 * @param total the expected count; 0 or less when unknown (then no percentage or time left)
	 */
	public ProgressLog(Logger log, String what, long total) {
		this(log, what, total, System::nanoTime);
	}

	ProgressLog(Logger log, String what, long total, LongSupplier nanoClock) {
		this.log = log;
		this.what = what;
		this.total = total;
		this.nanoClock = nanoClock;
		this.started = nanoClock.getAsLong();
		this.lastLineAt = started;
	}

	/** Counts {@code count} more units done; logs a line when one is due. */
	public synchronized void advance(long count) {
		done += count;
		long now = nanoClock.getAsLong();
		long tenth = total > 0 ? done * 10 / total : 0;
		if (now - lastLineAt >= INTERVAL.toNanos() || tenth > lastTenth) {
			lastLineAt = now;
			lastTenth = tenth;
			log.info(line(now));
		}
	}

	/** Whether the expected total has been reached. */
	public synchronized boolean complete() {
		return total > 0 && done >= total;
	}

	/** The current line, e.g. "Demo cohort: patients loaded 400 of 2000 (20 %), 52.1/s, about 31 s left". */
	synchronized String line(long now) {
		double seconds = Math.max(now - started, 1) / 1e9;
		double rate = done / seconds;
		StringBuilder line = new StringBuilder(what).append(' ').append(done);
		if (total > 0) {
			line.append(" of ").append(total).append(" (").append(done * 100 / total).append(" %)");
		}
		line.append(", ").append(String.format(Locale.ROOT, "%.1f", rate)).append("/s");
		if (total > 0 && done < total && rate > 0) {
			line.append(", about ").append(Math.round((total - done) / rate)).append(" s left");
		} else if (total > 0 && done >= total) {
			line.append(", done in ").append(Math.round(seconds)).append(" s");
		}
		return line.toString();
	}
}
