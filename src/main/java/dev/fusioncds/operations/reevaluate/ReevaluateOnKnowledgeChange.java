package dev.fusioncds.operations.reevaluate;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.fusioncds.ingest.FusionPatients;
import dev.fusioncds.suggest.Evaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start, when patients carry suggestions made with another knowledge version, launches the
 * re-evaluation of those patients. Several nodes starting together reuse one running job.
 */
@Component
@Order(10)
class ReevaluateOnKnowledgeChange implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(ReevaluateOnKnowledgeChange.class);

	private final FusionPatients fusionPatients;
	private final Evaluator evaluator;
	private final Reevaluations reevaluations;

	ReevaluateOnKnowledgeChange(FusionPatients fusionPatients, Evaluator evaluator, Reevaluations reevaluations) {
		this.fusionPatients = fusionPatients;
		this.evaluator = evaluator;
		this.reevaluations = reevaluations;
	}

	@Override
	public void run(ApplicationArguments args) {
		int stale = fusionPatients.countStale(evaluator.knowledgeVersion());
		if (stale > 0) {
			String job = reevaluations.start(true, new SystemRequestDetails());
			log.info("Knowledge base {}: {} patients carry older suggestions; re-evaluation job {} started",
					evaluator.knowledgeVersion(), stale, job);
		}
	}
}
