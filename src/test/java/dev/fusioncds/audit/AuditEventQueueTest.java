package dev.fusioncds.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

class AuditEventQueueTest {

	@Test
	void eventsAreWrittenInBatchesByTheBackgroundWriter() throws Exception {
		List<List<AuditEvent>> batches = Collections.synchronizedList(new ArrayList<>());
		FirstBatchHeld store = new FirstBatchHeld(batch -> batches.add(List.copyOf(batch)));
		AuditEventQueue queue = new AuditEventQueue(100, 4, store);

		queue.recordAuditEvent(new AuditEvent());
		store.awaitHeld();
		for (int i = 0; i < 9; i++) {
			queue.recordAuditEvent(new AuditEvent());
		}
		store.release();
		queue.close();

		assertThat(batches).extracting(List::size).containsExactly(1, 4, 4, 1);
		assertThat(queue.dropped()).isZero();
	}

	@Test
	void aBacklogIsWrittenBatchAfterBatchWithoutWaitingForMore() throws Exception {
		List<Long> writtenAt = Collections.synchronizedList(new ArrayList<>());
		FirstBatchHeld store = new FirstBatchHeld(batch -> writtenAt.add(System.nanoTime()));
		AuditEventQueue queue = new AuditEventQueue(100, 4, store);
		queue.recordAuditEvent(new AuditEvent());
		store.awaitHeld();
		for (int i = 0; i < 12; i++) {
			queue.recordAuditEvent(new AuditEvent());
		}

		store.release();
		queue.close();

		assertThat(writtenAt).hasSize(4);
		// three full batches back to back; pausing before each would take three lingers
		assertThat(TimeUnit.NANOSECONDS.toMillis(writtenAt.get(3) - writtenAt.get(1))).isLessThan(AuditEventQueue.LINGER_MILLIS);
	}

	@Test
	void anEventRecordedInATransactionIsQueuedWhenItCommitsAndNeverIfItRollsBack() throws Exception {
		List<AuditEvent> stored = Collections.synchronizedList(new ArrayList<>());
		AuditEventQueue queue = new AuditEventQueue(10, 10, stored::addAll);
		AuditEvent committed = new AuditEvent().setOutcomeDesc("committed");
		AuditEvent rolledBack = new AuditEvent().setOutcomeDesc("rolled back");

		inTransaction(() -> queue.recordAuditEvent(committed), true, () -> assertThat(queue.pending()).isZero());
		inTransaction(() -> queue.recordAuditEvent(rolledBack), false, () -> { });
		queue.close();

		assertThat(stored).containsExactly(committed);
		assertThat(queue.dropped()).isZero();
	}

	/** Spring's transaction synchronization as a transaction manager drives it, without a database. */
	private static void inTransaction(Runnable work, boolean commits, Runnable beforeCompletion) {
		TransactionSynchronizationManager.initSynchronization();
		try {
			work.run();
			beforeCompletion.run();
			List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
			if (commits) {
				TransactionSynchronizationUtils.invokeAfterCommit(synchronizations);
			}
			TransactionSynchronizationUtils.invokeAfterCompletion(synchronizations,
					commits ? TransactionSynchronization.STATUS_COMMITTED : TransactionSynchronization.STATUS_ROLLED_BACK);
		} finally {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	@Test
	void aFullQueueDropsAndCountsInsteadOfBlockingTheCaller() throws Exception {
		FirstBatchHeld store = new FirstBatchHeld(batch -> { });
		AuditEventQueue queue = new AuditEventQueue(3, 10, store);
		queue.recordAuditEvent(new AuditEvent());
		store.awaitHeld();

		long start = System.nanoTime();
		for (int i = 0; i < 5; i++) {
			queue.recordAuditEvent(new AuditEvent());
		}
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

		// three queued, and the one the blocked writer holds
		assertThat(queue.pending()).isEqualTo(4);
		assertThat(queue.dropped()).isEqualTo(2);
		assertThat(tookMillis).isLessThan(100);
		store.release();
		queue.close();
		assertThat(queue.pending()).isZero();
	}

	@Test
	void aFailingWriteLosesOnlyItsBatchAndTheWriterGoesOn() throws Exception {
		List<AuditEvent> stored = Collections.synchronizedList(new ArrayList<>());
		AuditEventQueue queue = new AuditEventQueue(10, 1, batch -> {
			if (batch.get(0).hasOutcomeDesc()) {
				throw new IllegalStateException("database unreachable");
			}
			stored.addAll(batch);
		});

		queue.recordAuditEvent(new AuditEvent().setOutcomeDesc("refused"));
		queue.recordAuditEvent(new AuditEvent());
		queue.close();

		assertThat(queue.lost()).isEqualTo(1);
		assertThat(stored).hasSize(1);
	}

	/** A store that holds the writer inside its first batch until released, then hands every batch on. */
	private static final class FirstBatchHeld implements Consumer<List<AuditEvent>> {

		private final CountDownLatch held = new CountDownLatch(1);
		private final CountDownLatch released = new CountDownLatch(1);
		private final Consumer<List<AuditEvent>> then;

		FirstBatchHeld(Consumer<List<AuditEvent>> then) {
			this.then = then;
		}

		@Override
		public void accept(List<AuditEvent> batch) {
			if (held.getCount() > 0) {
				held.countDown();
				try {
					released.await(5, TimeUnit.SECONDS);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
			then.accept(batch);
		}

		/** Waits until the writer is held in its first batch. */
		void awaitHeld() throws InterruptedException {
			assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
		}

		void release() {
			released.countDown();
		}
	}
}
