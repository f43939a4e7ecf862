package dev.fusioncds.cdshooks;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A bulkhead for CDS Hooks calls ({@link CdsHooksProperties}): at most N evaluate at once, the rest
 * wait first come, first served. Under load this keeps the latency of every call close to the
 * median instead of letting all of them share the CPU and finish late together. A call takes its
 * turn only once its body has arrived and it is authenticated, and gives it up while it waits for a
 * remote {@code fhirServer} ({@link #outOfTurn}), so a turn is never held waiting on the network.
 */
@Component
class CdsCallLimit {

	private final Semaphore turns;
	private final long queueTimeoutMillis;

	CdsCallLimit(CdsHooksProperties properties) {
		this.turns = new Semaphore(properties.effectiveConcurrency(), true);
		this.queueTimeoutMillis = properties.queueTimeout().toMillis();
	}

	/** Runs the call in its turn; 503 ({@link CdsHookException}) when no turn came within the queue timeout. */
	<T> T inTurn(Supplier<T> call) {
		if (!acquire()) {
			throw new CdsHookException(HttpStatus.SERVICE_UNAVAILABLE, "Too many CDS Hooks calls in progress; retry shortly");
		}
		try {
			return call.get();
		} finally {
			turns.release();
		}
	}

	/**
	 * Inside {@link #inTurn}: gives the turn up while {@code wait} runs (network I/O), then queues for
	 * a turn again. It waits without a timeout there, so the turn {@code inTurn} gives back is always
	 * one it holds; the queue stays bounded because new calls time out at the door.
	 */
	<T> T outOfTurn(Supplier<T> wait) {
		turns.release();
		try {
			return wait.get();
		} finally {
			turns.acquireUninterruptibly();
		}
	}

	private boolean acquire() {
		try {
			return turns.tryAcquire(queueTimeoutMillis, TimeUnit.MILLISECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}
}
