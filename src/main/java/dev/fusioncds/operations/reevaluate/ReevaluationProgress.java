package dev.fusioncds.operations.reevaluate;

import dev.fusioncds.progress.ProgressLog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The progress line of each running re-evaluation job, fed by the chunks this node's Batch2 workers
 * finish (with several nodes, each logs the share it does, against the job's total).
 */
@Component
class ReevaluationProgress {

	private static final Logger log = LoggerFactory.getLogger(ReevaluationProgress.class);

	private final Map<String, ProgressLog> jobs = new ConcurrentHashMap<>();

	/** Called as a chunk starts: the first one starts the clock. */
	void chunkStarted(String jobId, int jobTotal) {
		of(jobId, jobTotal);
	}

	void chunkDone(String jobId, int jobTotal, int patients) {
		ProgressLog progress = of(jobId, jobTotal);
		progress.advance(patients);
		if (progress.complete()) {
			jobs.remove(jobId);
		}
	}

	private ProgressLog of(String jobId, int jobTotal) {
		return jobs.computeIfAbsent(jobId, id -> new ProgressLog(log, "Re-evaluation " + id + ": patients", jobTotal));
	}
}
