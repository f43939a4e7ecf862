package dev.fusioncds.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.fusioncds.progress.ProgressLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stores the demo cohort ({@link SyntheticCohort}, fixed seed) through the same transaction path a
 * lab's report takes, so ingest makes every suggestion. A batch whose last patient is already
 * stored committed whole before and is skipped: a restart adds nothing and an interrupted load
 * resumes where it stopped.
 */
@Component
public class DemoCohort {

	/** Patients per transaction Bundle (about 150 resources): one commit per batch, not per patient. */
	static final int PATIENTS_PER_BUNDLE = 25;
	/** Batches written at once: ingest is CPU work, a few writers keep the cores busy while another waits on the database. */
	static final int WRITERS = 4;
	static final long SEED = 20261123L;
	public static final String ID_PREFIX = "cohort";
	/** Share of patients with a fusion test; the others have a cancer and none. */
	static final double TESTED_SHARE = 0.7;
	private static final Logger log = LoggerFactory.getLogger(DemoCohort.class);

	private final FhirContext fhirContext;
	private final IFhirSystemDao<Bundle, ?> systemDao;
	private final DaoRegistry daos;

	DemoCohort(FhirContext fhirContext, IFhirSystemDao<Bundle, ?> systemDao, DaoRegistry daos) {
		this.fhirContext = fhirContext;
		this.systemDao = systemDao;
		this.daos = daos;
	}

	/** The generator behind the cohort, for tests that need to know a patient's story. */
	public static SyntheticCohort generator() {
		return new SyntheticCohort(SEED, ID_PREFIX, TESTED_SHARE);
	}

	/** @return the number of patients written now (batches stored before are skipped) */
	public int load(int patients) {
		ProgressLog progress = new ProgressLog(log, "Demo cohort: patients", patients);
		AtomicInteger written = new AtomicInteger();
		ExecutorService workers = Executors.newFixedThreadPool(WRITERS);
		try {
			List<Future<?>> batches = new ArrayList<>();
			for (int first = 0; first < patients; first += PATIENTS_PER_BUNDLE) {
				int from = first;
				int count = Math.min(PATIENTS_PER_BUNDLE, patients - first);
				batches.add(workers.submit(() -> {
					written.addAndGet(loadBatch(from, count));
					progress.advance(count);
				}));
			}
			for (Future<?> batch : batches) {
				batch.get();
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Demo cohort loading interrupted", e);
		} catch (ExecutionException e) {
			throw new IllegalStateException("Demo cohort batch failed", e.getCause());
		} finally {
			workers.shutdownNow();
		}
		log.info("Demo cohort: {} patients ({} written now, {} were stored already)", patients, written.get(),
				patients - written.get());
		return written.get();
	}

	/** One transaction; a generator per batch, as patient i depends only on the seed and i. */
	private int loadBatch(int first, int count) {
		SyntheticCohort cohort = generator();
		if (stored(cohort.patient(first + count - 1).id())) {
			return 0;
		}
		Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, cohort.bundle(first, count));
		systemDao.transaction(new SystemRequestDetails(), bundle);
		return count;
	}

	private boolean stored(String patientId) {
		try {
			daos.getResourceDao("Patient").read(new IdType("Patient", patientId), new SystemRequestDetails());
			return true;
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return false;
		}
	}
}
