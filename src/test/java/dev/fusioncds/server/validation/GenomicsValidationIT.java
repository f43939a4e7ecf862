package dev.fusioncds.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
class GenomicsValidationIT {

	private static final String VARIANT_PROFILE = "http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant";

	@LocalServerPort
	int port;

	@Test
	void genomicsVariantMissingItsCodeIs422NamingTheElement() {
		FhirHttp http = new FhirHttp(port);
		int before = http.count("Observation");

		HttpResponse<String> response = http.post("/fhir/Observation", FhirHttp.FHIR_JSON, """
				{"resourceType":"Observation","meta":{"profile":["%s"]},"status":"final",
				 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0074","code":"GE"}]}],
				 "valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA9633-4"}]}}
				""".formatted(VARIANT_PROFILE));

		assertThat(response.statusCode()).isEqualTo(422);
		OperationOutcome outcome = http.outcome(response);
		assertThat(outcome.getIssue())
				.filteredOn(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
				.anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("Observation.code"));
		assertThat(http.count("Observation")).isEqualTo(before);
	}

	@Test
	void transactionWithOneInvalidGenomicsEntryStoresNothing() {
		FhirHttp http = new FhirHttp(port);
		int patients = http.count("Patient");
		int observations = http.count("Observation");

		HttpResponse<String> response = http.post("/fhir", FhirHttp.FHIR_JSON, """
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"fullUrl":"urn:uuid:8c1d8a4e-7d2b-4c55-9a44-0d6f0f7f0a01",
				  "resource":{"resourceType":"Patient","name":[{"family":"Halfwritten"}]},
				  "request":{"method":"POST","url":"Patient"}},
				 {"resource":{"resourceType":"Observation","meta":{"profile":["%s"]},"status":"final",
				   "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0074","code":"GE"}]}],
				   "subject":{"reference":"urn:uuid:8c1d8a4e-7d2b-4c55-9a44-0d6f0f7f0a01"}},
				  "request":{"method":"POST","url":"Observation"}}]}
				""".formatted(VARIANT_PROFILE));

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(http.count("Patient")).isEqualTo(patients);
		assertThat(http.count("Observation")).isEqualTo(observations);
	}

	@Test
	void nonGenomicsObservationIsNotProfileValidated() {
		FhirHttp http = new FhirHttp(port);

		HttpResponse<String> response = http.post("/fhir/Observation", FhirHttp.FHIR_JSON, """
				{"resourceType":"Observation","status":"final","code":{"text":"body weight"},
				 "valueQuantity":{"value":70,"unit":"kg"}}
				""");

		assertThat(response.statusCode()).isEqualTo(201);
	}
}
