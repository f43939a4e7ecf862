package dev.fusioncds.operations.reevaluate;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.JobInstanceStartRequest;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.fusioncds.suggest.EngineProperties;
import dev.fusioncds.suggest.Evaluator;
import org.springframework.stereotype.Component;

/** Starts re-evaluation jobs and reports on them; shared by {@code $reevaluate} and start-up. */
@Component
public class Reevaluations {

	private final IJobCoordinator jobs;
	private final IJobMaintenanceService maintenance;
	private final Evaluator evaluator;
	private final EngineProperties engine;

	Reevaluations(IJobCoordinator jobs, IJobMaintenanceService maintenance, Evaluator evaluator, EngineProperties engine) {
		this.jobs = jobs;
		this.maintenance = maintenance;
		this.evaluator = evaluator;
		this.engine = engine;
	}

	/**
	 * @param onlyStale only patients evaluated with another knowledge version
	 * @return the job instance id; an identical job already running is reused, not started twice
	 */
	public String start(boolean onlyStale, RequestDetails request) {
		JobInstanceStartRequest start = new JobInstanceStartRequest(ReevaluateJob.JOB_ID,
				new ReevaluateParameters(evaluator.knowledgeVersion(), engine.jurisdiction().name(), onlyStale));
		start.setUseCache(true);
		return jobs.startInstance(request, start).getInstanceId();
	}

	/** The job's state; a poll also nudges Batch2's maintenance so completion shows promptly. */
	public JobInstance status(String instanceId) {
		maintenance.triggerMaintenancePass();
		return jobs.getInstance(instanceId);
	}
}
