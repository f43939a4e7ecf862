package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
class HistoryNeverBlocksDeletesIT {

	@LocalServerPort
	int port;

	FhirHttp http;

	@BeforeEach
	void client() {
		http = new FhirHttp(port);
	}

	/**
	 * HAPI looks at one referencing resource first: here the AuditEvent, stored before the Observation. Dropping it
	 * must not let the delete through while the Observation still names the patient (it did: 200, and the patient's
	 * Observation pointed at nothing).
	 */
	@Test
	void aPatientStillNamedByAnObservationIsNotDeletedWhenAnAuditEventNamesItToo() {
		String patient = TestReports.newPatientId("delete-blocked");
		assertThat(http.put("/fhir/Patient/" + patient, new Patient().setId(patient)).statusCode()).isEqualTo(201);
		assertThat(http.put("/fhir/AuditEvent/" + patient + "-read", auditEventNaming(patient)).statusCode()).isEqualTo(201);
		Observation observation = new Observation();
		observation.setId(patient + "-weight");
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "29463-7", "Body weight")));
		observation.setSubject(new Reference("Patient/" + patient));
		assertThat(http.put("/fhir/Observation/" + patient + "-weight", observation).statusCode()).isEqualTo(201);

		HttpResponse<String> refused = http.delete("/fhir/Patient/" + patient);

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
		assertThat(refused.body()).contains("Observation/" + patient + "-weight");
		assertThat(http.get("/fhir/Patient/" + patient).statusCode()).isEqualTo(200);

		assertThat(http.delete("/fhir/Observation/" + patient + "-weight").statusCode()).isEqualTo(200);
		HttpResponse<String> deleted = http.delete("/fhir/Patient/" + patient);
		assertThat(deleted.statusCode()).as("only the AuditEvent names it now: " + deleted.body()).isEqualTo(200);
	}

	private static AuditEvent auditEventNaming(String patient) {
		AuditEvent event = new AuditEvent();
		event.setId(patient + "-read");
		event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
		event.setRecorded(new Date());
		event.addAgent().setRequestor(true).setWho(new Reference().setDisplay("test client"));
		event.getSource().setObserver(new Reference().setDisplay("test"));
		event.addEntity().setWhat(new Reference("Patient/" + patient));
		return event;
	}
}
