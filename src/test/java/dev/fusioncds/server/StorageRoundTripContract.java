package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Create, read and search over HTTP; run against each supported database. */
abstract class StorageRoundTripContract {

	@LocalServerPort
	int port;

	FhirHttp http() {
		return new FhirHttp(port);
	}

	@Test
	void createdPatientCanBeReadAndSearchedByIdentifier() {
		String mrn = "rt-" + UUID.randomUUID();
		Patient patient = new Patient();
		patient.addIdentifier().setSystem("urn:test:mrn").setValue(mrn);
		patient.addName().setFamily("Roundtrip").addGiven("Rita");

		HttpResponse<String> created = http().postFhir("/fhir/Patient", patient);
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		String id = location.replaceAll(".*/Patient/([^/]+)/_history/.*", "$1");

		Patient read = http().parse(Patient.class, http().get("/fhir/Patient/" + id));
		assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Roundtrip");
		assertThat(read.getIdentifierFirstRep().getValue()).isEqualTo(mrn);

		Bundle found = http().parse(Bundle.class, http().get("/fhir/Patient?identifier=urn:test:mrn%7C" + mrn));
		assertThat(found.getTotal()).isEqualTo(1);
		assertThat(found.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(id);
	}

	@Test
	void observationIsFoundBySubjectAndCode() {
		Patient patient = new Patient();
		patient.addName().setFamily("Searchable");
		String patientId = idOf(http().postFhir("/fhir/Patient", patient));

		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8302-2");
		observation.getSubject().setReference("Patient/" + patientId);
		assertThat(http().postFhir("/fhir/Observation", observation).statusCode()).isEqualTo(201);

		Bundle found = http().parse(
				Bundle.class,
				http().get("/fhir/Observation?subject=Patient/" + patientId + "&code=http://loinc.org%7C8302-2"));
		assertThat(found.getTotal()).isEqualTo(1);
		Observation stored = (Observation) found.getEntryFirstRep().getResource();
		assertThat(stored.getSubject().getReference()).isEqualTo("Patient/" + patientId);
	}

	static String idOf(HttpResponse<String> created) {
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return created.headers().firstValue("Location").orElseThrow()
				.replaceAll(".*/[A-Za-z]+/([^/]+)/_history/.*", "$1");
	}
}
