package dev.fusioncds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.TestReports;
import dev.fusioncds.suggest.SuggestionResources;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The acceptance case: an EHR posts a GRIG report bundle with a CD74-NRG1 RNA-NGS fusion for a
 * patient with NSCLC after chemotherapy. Ingest, {@code $fusion-suggestions} and the patient-view
 * hook must give the same suggestions: kinds, drug codes (RxNorm where confirmed) and identifiers.
 */
@FusionServerIT
class ThreeDoorsIT {

	static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	@Test
	void ingestOperationAndCdsHooksGiveTheSameSuggestions() throws Exception {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.storedNsclcCd74Nrg1(http, "three-doors");

		List<Resource> stored = Stream.of("Task?patient=", "MedicationRequest?subject=", "ServiceRequest?subject=",
						"Observation?_tag=" + SuggestionResources.KIND_SYSTEM + "|therapy&subject=")
				.flatMap(q -> http.search("/fhir/" + q + "Patient/" + patient).getEntry().stream())
				.map(Bundle.BundleEntryComponent::getResource)
				.toList();
		List<Resource> operation = http.parse(Bundle.class, http.get("/fhir/Patient/" + patient + "/$fusion-suggestions"))
				.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(r -> !"Provenance".equals(r.fhirType())).toList();
		JsonNode cards = JSON.readTree(http.postJson("/cds-services/fusion-patient-view", """
				{"hook": "patient-view", "hookInstance": "4f6c9bd0-1c1e-4b0e-9d55-1e1f0b1f7a10", "fhirServer": "http://127.0.0.1:%d/fhir",
				 "context": {"userId": "Practitioner/1", "patientId": "%s"}}""".formatted(port, patient)).body()).path("cards");

		assertThat(identifiers(operation)).isEqualTo(identifiers(stored)).isNotEmpty();
		assertThat(kinds(operation)).isEqualTo(kinds(stored)).containsExactly("therapy");
		assertThat(drugCodes(operation)).isEqualTo(drugCodes(stored)).contains(SuggestionResources.DRUG_SYSTEM + "|zenocutuzumab");
		List<String> cardKinds = new ArrayList<>();
		List<String> cardProposals = new ArrayList<>();
		cards.forEach(card -> {
			cardKinds.add(card.path("source").path("topic").path("code").asText());
			card.path("suggestions").findValues("resource").forEach(resource ->
					cardProposals.add(resource.path("identifier").get(0).path("value").asText()));
		});
		assertThat(new TreeSet<>(cardKinds)).isEqualTo(kinds(stored));
		assertThat(cardProposals).containsExactlyElementsOf(stored.stream().filter(MedicationRequest.class::isInstance)
				.map(r -> ((MedicationRequest) r).getIdentifierFirstRep().getValue()).toList());

		Bundle posted = http.parse(Bundle.class, TestReports.nsclcCd74Nrg1(TestReports.newPatientId("three-doors-posted")));
		List<Resource> fromBundle = http.parse(Bundle.class, http.postFhir("/fhir/$fusion-suggestions", new Parameters()
						.addParameter(new Parameters.ParametersParameterComponent().setName("bundle").setResource(posted))))
				.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
		assertThat(kinds(fromBundle)).isEqualTo(kinds(stored));
		assertThat(drugCodes(fromBundle)).isEqualTo(drugCodes(stored));
	}

	private static TreeSet<String> identifiers(List<Resource> resources) {
		TreeSet<String> ids = new TreeSet<>();
		resources.forEach(r -> ids.add(r.fhirType() + "/" + r.getIdElement().getIdPart()));
		return ids;
	}

	private static TreeSet<String> kinds(List<Resource> resources) {
		TreeSet<String> kinds = new TreeSet<>();
		resources.forEach(r -> r.getMeta().getTag().stream().filter(t -> SuggestionResources.KIND_SYSTEM.equals(t.getSystem()))
				.map(Coding::getCode).forEach(kinds::add));
		return kinds;
	}

	/** Drug codings of the proposals: RxNorm where the knowledge base has it, and our drug code. */
	private static TreeSet<String> drugCodes(List<Resource> resources) {
		TreeSet<String> codes = new TreeSet<>();
		resources.stream().filter(MedicationRequest.class::isInstance)
				.flatMap(r -> ((MedicationRequest) r).getMedicationCodeableConcept().getCoding().stream())
				.forEach(c -> codes.add(c.getSystem() + "|" + c.getCode()));
		return codes;
	}
}
