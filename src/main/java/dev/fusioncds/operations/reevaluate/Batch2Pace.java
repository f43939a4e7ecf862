package dev.fusioncds.operations.reevaluate;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Batch2 moves work chunks between steps and finishes jobs in its maintenance pass, by default
 * once a minute: a small re-evaluation would take minutes of waiting. This sets the pass interval
 * ({@code fusion.batch2.maintenance-interval}) before HAPI schedules it at context refresh. The
 * pass is a clustered job: one node runs it at a time.
 */
@Component
class Batch2Pace {

	Batch2Pace(IJobMaintenanceService maintenance, @Value("${fusion.batch2.maintenance-interval:2s}") Duration interval) {
		if (maintenance instanceof JobMaintenanceServiceImpl service) {
			service.setScheduledJobFrequencyMillis(interval.toMillis());
		}
	}
}
