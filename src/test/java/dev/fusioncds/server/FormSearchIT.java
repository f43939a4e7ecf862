package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A search by POST to {@code _search} with a form body searches with the body's parameters. It searched with none
 * (every patient's Observations for one patient's search) when the URL had no query string: the request body gate
 * had read the body, and the servlet container found no parameters in it.
 */
@FusionServerIT
class FormSearchIT {

	static final String FORM = "application/x-www-form-urlencoded";

	@LocalServerPort
	int port;

	FhirHttp http;
	String mine;

	@BeforeEach
	void twoPatientsWithAnObservationEach() {
		http = new FhirHttp(port);
		mine = storedWithObservation("form-search-mine");
		storedWithObservation("form-search-other");
	}

	@Test
	void searchesWithTheFormBodysParameters() {
		assertThat(observationIds(http.post("/fhir/Observation/_search", FORM, "patient=Patient%2F" + mine)))
				.containsExactly(mine + "-weight");
	}

	@Test
	void searchesWithTheQueryStringAndTheFormBodyTogether() {
		assertThat(observationIds(http.post("/fhir/Observation/_search?_count=5", FORM + "; charset=UTF-8", "patient=" + mine)))
				.containsExactly(mine + "-weight");
	}

	@Test
	void aFormBodyThatCannotBeDecodedIs400() {
		HttpResponse<String> refused = http.post("/fhir/Observation/_search", FORM, "patient=%zz");

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(http.outcome(refused).getIssueFirstRep().getDiagnostics()).isEqualTo("The form body is not valid percent-encoded UTF-8");
	}

	private String storedWithObservation(String name) {
		String patient = TestReports.newPatientId(name);
		assertThat(http.put("/fhir/Patient/" + patient, new Patient().setId(patient)).statusCode()).isEqualTo(201);
		Observation weight = new Observation().setStatus(Observation.ObservationStatus.FINAL)
				.setCode(new CodeableConcept().setText("Body weight")).setSubject(new Reference("Patient/" + patient));
		weight.setId(patient + "-weight");
		assertThat(http.put("/fhir/Observation/" + weight.getIdPart(), weight).statusCode()).isEqualTo(201);
		return patient;
	}

	private List<String> observationIds(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return http.parse(Bundle.class, response).getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}
}
