package dev.fusioncds.operations.suggestions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.TestReports;
import dev.fusioncds.suggest.SuggestionResources;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
class FusionSuggestionsIT {

	static final List<String> COUNTED = List.of("Patient", "Observation", "DiagnosticReport", "Task", "MedicationRequest",
			"ServiceRequest", "Provenance", "Condition");

	@LocalServerPort
	int port;

	@Test
	void storedPatientGetsTheSameResourcesIngestStored() {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.storedNsclcCd74Nrg1(http, "op-stored");

		var response = http.get("/fhir/Patient/" + patient + "/$fusion-suggestions");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle answer = http.parse(Bundle.class, response);
		assertThat(answer.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
		List<String> stored = http.search("/fhir/Task?patient=Patient/" + patient).getEntry().stream()
				.map(e -> "Task/" + e.getResource().getIdElement().getIdPart()).toList();
		assertThat(ids(answer)).containsAll(stored).contains(
				http.search("/fhir/MedicationRequest?subject=Patient/" + patient).getEntry().stream()
						.map(e -> "MedicationRequest/" + e.getResource().getIdElement().getIdPart()).toArray(String[]::new));
		assertThat(ids(answer)).hasSize(2);
	}

	@Test
	void postedBundleIsEvaluatedWithoutWritingAnything() {
		FhirHttp http = new FhirHttp(port);
		Bundle data = http.parse(Bundle.class, TestReports.nsclcCd74Nrg1(TestReports.newPatientId("op-bundle")));
		Map<String, Integer> before = counts(http);

		var response = http.postFhir("/fhir/$fusion-suggestions", new Parameters().addParameter(
				new Parameters.ParametersParameterComponent().setName("bundle").setResource(data)));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle answer = http.parse(Bundle.class, response);
		assertThat(drugsProposed(answer)).containsExactly("zenocutuzumab");
		assertThat(answer.getEntry()).extracting(e -> e.getResource().getMeta().getTag(SuggestionResources.KIND_SYSTEM, "therapy"))
				.doesNotContainNull();
		assertThat(counts(http)).isEqualTo(before);
	}

	@Test
	void chinaGetsTrialAndAccessRoutesInsteadOfAnApprovedDrug() {
		FhirHttp http = new FhirHttp(port);
		Bundle data = http.parse(Bundle.class, TestReports.nsclcCd74Nrg1(TestReports.newPatientId("op-cn")));

		Bundle answer = http.parse(Bundle.class, http.postFhir("/fhir/$fusion-suggestions", new Parameters()
				.addParameter(new Parameters.ParametersParameterComponent().setName("bundle").setResource(data))
				.addParameter("jurisdiction", new org.hl7.fhir.r4.model.CodeType("CN"))));

		assertThat(drugsProposed(answer)).isEmpty();
		assertThat(answer.getEntry()).map(Bundle.BundleEntryComponent::getResource).filteredOn(Task.class::isInstance)
				.extracting(r -> r.getMeta().getTag().stream().filter(t -> SuggestionResources.KIND_SYSTEM.equals(t.getSystem()))
						.map(Coding::getCode).findFirst().orElseThrow())
				.contains("trial")
				.doesNotContain("therapy");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', value = {
			"neither bundle nor patient;{\"resourceType\":\"Parameters\"};exactly one",
			"patient is not a Patient;{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"patient\",\"valueReference\":{\"reference\":\"Observation/1\"}}]};Patient/[id]",
			"unknown jurisdiction;{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"patient\",\"valueReference\":{\"reference\":\"Patient/x\"}},{\"name\":\"jurisdiction\",\"valueCode\":\"XX\"}]};Unknown jurisdiction",
			"empty bundle;{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"bundle\",\"resource\":{\"resourceType\":\"Bundle\",\"type\":\"collection\"}}]};no entries",
	})
	void badParametersAre400WithAnOperationOutcome(String name, String body, String message) {
		FhirHttp http = new FhirHttp(port);

		var response = http.post("/fhir/$fusion-suggestions", FhirHttp.FHIR_JSON, body);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(http.outcome(response).getIssueFirstRep().getDiagnostics()).contains(message);
	}

	@Test
	void unknownPatientIs404() {
		FhirHttp http = new FhirHttp(port);

		var response = http.get("/fhir/Patient/no-such-patient/$fusion-suggestions");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(http.outcome(response).getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
	}

	@Test
	void capabilityStatementListsTheOperationWithItsDefinition() {
		FhirHttp http = new FhirHttp(port);

		CapabilityStatement capabilities = http.parse(CapabilityStatement.class, http.get("/fhir/metadata"));

		assertThat(capabilities.getRestFirstRep().getOperation())
				.extracting(CapabilityStatement.CapabilityStatementRestResourceOperationComponent::getDefinition)
				.contains(FusionSuggestionsProvider.CANONICAL);
		assertThat(http.search("/fhir/OperationDefinition?url=" + FusionSuggestionsProvider.CANONICAL).getEntry())
				.singleElement().extracting(e -> ((org.hl7.fhir.r4.model.OperationDefinition) e.getResource()).getCode())
				.isEqualTo("fusion-suggestions");
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> !"Provenance".equals(r.fhirType()))
				.filter(r -> r instanceof Task || r instanceof MedicationRequest)
				.map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()).toList();
	}

	private static List<String> drugsProposed(Bundle bundle) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(MedicationRequest.class::isInstance)
				.flatMap(r -> ((MedicationRequest) r).getMedicationCodeableConcept().getCoding().stream())
				.filter(c -> SuggestionResources.DRUG_SYSTEM.equals(c.getSystem()))
				.map(Coding::getCode).toList();
	}

	private static Map<String, Integer> counts(FhirHttp http) {
		Map<String, Integer> counts = new TreeMap<>();
		COUNTED.forEach(type -> counts.put(type, http.count(type)));
		return counts;
	}
}
