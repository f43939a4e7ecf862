package dev.fusioncds.audit;

import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Takes AuditEvents off the request's hot path: a request only offers its event to a bounded
 * in-memory queue (never waits, never fails); one background thread drains the queue in batches
 * into the store. A full queue (the store slower than the traffic, or unreachable) drops the event
 * and counts it, with a warning now and then, rather than slow or fail a clinical request. An
 * event recorded inside a transaction (HAPI's BALP interceptor records writes before they commit)
 * joins the queue when that transaction commits: written earlier, it could not reference what the
 * transaction stores, and one recorded for a write that is rolled back describes nothing that happened.
 */
public class AuditEventQueue implements IBalpAuditEventSink, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AuditEventQueue.class);
	/** Drops between two warnings, so a long overload does not flood the log. */
	private static final long WARN_EVERY = 1000;
	static final long LINGER_MILLIS = 250;

	private final BlockingQueue<AuditEvent> queue;
	private final int batchSize;
	private final Consumer<List<AuditEvent>> store;
	private final AtomicLong dropped = new AtomicLong();
	private final AtomicLong lost = new AtomicLong();
	/** Events taken from the queue and not yet written. */
	private final AtomicInteger inFlight = new AtomicInteger();
	private final Thread writer;
	private volatile boolean running = true;

	/** @param store writes one batch; an exception loses that batch (counted), never the writer */
	public AuditEventQueue(int capacity, int batchSize, Consumer<List<AuditEvent>> store) {
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.batchSize = batchSize;
		this.store = store;
		this.writer = new Thread(this::drain, "audit-event-writer");
		writer.setDaemon(true);
		writer.start();
	}

	@Override
	public void recordAuditEvent(AuditEvent event) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					offer(event);
				}
			});
		} else {
			offer(event);
		}
	}

	private void offer(AuditEvent event) {
		if (!queue.offer(event)) {
			long count = dropped.incrementAndGet();
			if (count % WARN_EVERY == 1) {
				log.warn("Audit queue full: AuditEvent dropped ({} dropped since start)", count);
			}
		}
	}

	/** Events refused because the queue was full. */
	public long dropped() {
		return dropped.get();
	}

	/** Events taken from the queue whose write failed. */
	public long lost() {
		return lost.get();
	}

	/** Events waiting to be written. */
	public int pending() {
		return queue.size() + inFlight.get();
	}

	/** Whether the background writer still runs (it stops only at {@link #close()}). */
	public boolean writing() {
		return writer.isAlive();
	}

	private void drain() {
		List<AuditEvent> batch = new ArrayList<>(batchSize);
		while (running || !queue.isEmpty()) {
			try {
				AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				queue.drainTo(batch, batchSize - 1);
				inFlight.set(batch.size());
				if (batch.size() < batchSize) {
					// a moment for more to arrive: one transaction for many events costs less than one each;
					// a backlog is written at once (pausing before each batch capped the writer under load
					// below the rate of CDS calls, and the queue filled and dropped events)
					Thread.sleep(LINGER_MILLIS);
					queue.drainTo(batch, batchSize - batch.size());
					inFlight.set(batch.size());
				}
				write(batch);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			} finally {
				batch.clear();
				inFlight.set(0);
			}
		}
	}

	private void write(List<AuditEvent> batch) {
		try {
			store.accept(batch);
		} catch (RuntimeException e) {
			long count = lost.addAndGet(batch.size());
			log.warn("{} AuditEvents could not be stored ({} lost since start): {}", batch.size(), count, e.toString());
		}
	}

	/** Stops taking new work once the queue is empty, waiting at most a few seconds for it. */
	@Override
	public void close() throws InterruptedException {
		running = false;
		writer.join(TimeUnit.SECONDS.toMillis(5));
		writer.interrupt();
	}
}
