package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
class DemoDataLoaderIT {

	@LocalServerPort
	int port;

	@Autowired
	FhirContext fhirContext;

	@Autowired
	IFhirSystemDao<Bundle, ?> systemDao;

	@Test
	void demoBundlesLoadTheSamplePatientsAndReloadingChangesNothing() throws Exception {
		DemoDataLoader loader = new DemoDataLoader(fhirContext, systemDao);
		FhirHttp http = new FhirHttp(port);

		loader.run(null);
		loader.run(null);

		Bundle demo = http.parse(Bundle.class,
				http.get("/fhir/Patient?identifier=https://fusion-cds.dev/fhir/sid/demo-patient%7C&_count=50"));
		assertThat(demo.getEntry())
				.extracting(e -> e.getResource().getIdElement().getIdPart())
				.containsExactlyInAnyOrder(
						"demo-nsclc-nrg1", "demo-paad-nrg1", "demo-ifs-ntrk3", "demo-nsclc-egfr-ntrk1", "demo-chol-dna-negative");
		assertThat(demo.getEntry())
				.extracting(e -> ((Patient) e.getResource()).getMeta().getVersionId())
				.containsOnly("1");
		Bundle reports = http.parse(Bundle.class, http.get("/fhir/DiagnosticReport?subject=Patient/demo-nsclc-nrg1"));
		assertThat(reports.getTotal()).isEqualTo(1);
	}
}
