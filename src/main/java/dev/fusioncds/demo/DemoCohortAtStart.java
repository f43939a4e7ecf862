package dev.fusioncds.demo;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Loads {@code fusion.demo.cohort} synthetic patients at start (0, the default, loads none). After
 * the sample patients ({@code fusion.demo.enabled}) and the start-up re-evaluation check.
 */
@Component
@Order(20)
class DemoCohortAtStart implements ApplicationRunner {

	private final DemoCohort cohort;
	private final int patients;

	DemoCohortAtStart(DemoCohort cohort, @Value("${fusion.demo.cohort:0}") int patients) {
		this.cohort = cohort;
		this.patients = patients;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (patients > 0) {
			cohort.load(patients);
		}
	}
}
