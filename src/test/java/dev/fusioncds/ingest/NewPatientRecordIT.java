package dev.fusioncds.ingest;

import static dev.fusioncds.server.TestReports.put;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.ServerNode;
import dev.fusioncds.server.TestReports;
import dev.fusioncds.suggest.GoldenCasesTest;
import dev.fusioncds.suggest.SuggestionResources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A patient created by the transaction that brings its results is evaluated from what the
 * transaction wrote, without reading the store back. Every golden case, stored that way, must get
 * exactly what the read-back path gives: {@code $fusion-suggestions} (which reads the store) and a
 * re-evaluation forced through the store by an update of the Patient must both find nothing to change.
 */
@FusionServerIT
class NewPatientRecordIT {

	static final FhirContext FHIR = FhirContext.forR4Cached();
	static final int CASES_PER_TRANSACTION = 10;
	/** The resource types our suggestions take, searched per patient (Provenance aside: it names no patient). */
	static final List<String> SUGGESTION_SEARCHES = List.of("Task?patient=", "MedicationRequest?subject=", "ServiceRequest?subject=",
			"Observation?subject=");

	@LocalServerPort
	int port;

	@Test
	void aNewPatientGetsWhatReadingItsRecordBackGives() throws IOException {
		FhirHttp http = new FhirHttp(port);
		List<Bundle> cases = goldenCases();
		List<String> patients = new ArrayList<>();
		for (int from = 0; from < cases.size(); from += CASES_PER_TRANSACTION) {
			Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			for (Bundle input : cases.subList(from, Math.min(cases.size(), from + CASES_PER_TRANSACTION))) {
				patients.add(addAsNewPatient(input, TestReports.newPatientId("new-record"), transaction));
			}
			var stored = http.postFhir("/fhir", transaction);
			assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
		}

		Map<String, Map<String, String>> suggestions = new HashMap<>();
		int withSuggestions = 0;
		for (String patient : patients) {
			Map<String, String> stored = storedSuggestions(http, patient);
			assertThat(withoutVersions(stored)).as(patient).isEqualTo(readBack(http, patient));
			suggestions.put(patient, stored);
			withSuggestions += stored.isEmpty() ? 0 : 1;
		}
		assertThat(withSuggestions).as("cases with suggestions").isGreaterThanOrEqualTo(40);
		Map<String, String> gapsBefore = gaps(http, patients);

		for (String patient : patients) {
			Patient touched = http.parse(Patient.class, http.get("/fhir/Patient/" + patient));
			touched.addName(new HumanName().setFamily("Touched"));
			assertThat(http.put("/fhir/Patient/" + patient, touched).statusCode()).isEqualTo(200);
			assertThat(storedSuggestions(http, patient)).as(patient).isEqualTo(suggestions.get(patient));
		}
		assertThat(gaps(http, patients)).isEqualTo(gapsBefore);
	}

	@Test
	void aReplayedExportHoldingOurSuggestionsIsStoredAsItWas() throws IOException {
		FhirHttp source = new FhirHttp(port);
		String patient = TestReports.newPatientId("replay");
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		addAsNewPatient(goldenCase("nsclc-cd74-nrg1-rna-after-chemo-us"), patient, transaction);
		assertThat(source.postFhir("/fhir", transaction).statusCode()).isEqualTo(200);
		Map<String, String> suggestions = storedSuggestions(source, patient);
		assertThat(suggestions).isNotEmpty();
		for (String key : suggestions.keySet()) {
			String url = key.substring(0, key.lastIndexOf('/'));
			Resource suggestion = (Resource) FHIR.newJsonParser().parseResource(source.get("/fhir/" + url).body());
			put(transaction, suggestion, url);
		}

		try (ServerNode fresh = ServerNode.start("--spring.profiles.active=it", "--spring.datasource.url=jdbc:h2:mem:replay;DB_CLOSE_DELAY=-1")) {
			FhirHttp target = new FhirHttp(fresh.port());
			var replayed = target.postFhir("/fhir", transaction);

			assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
			assertThat(storedSuggestions(target, patient)).isEqualTo(suggestions);
		}
	}

	private static Bundle goldenCase(String name) throws IOException {
		return GoldenCasesTest.cases().filter(arguments -> name.equals(arguments.get()[0]))
				.map(arguments -> GoldenCasesTest.input((JsonNode) arguments.get()[1]))
				.findFirst().orElseThrow();
	}

	/** Every golden case's input Bundle. */
	static List<Bundle> goldenCases() throws IOException {
		List<Bundle> inputs = GoldenCasesTest.cases().map(arguments -> GoldenCasesTest.input((JsonNode) arguments.get()[1])).toList();
		assertThat(inputs).hasSizeGreaterThanOrEqualTo(80);
		return inputs;
	}

	/** Adds a case's resources to the transaction, PUT under ids of their own, for a Patient that does not exist yet. */
	static String addAsNewPatient(Bundle input, String patient, Bundle transaction) {
		addForPatient(input, patient, "", true, transaction);
		return patient;
	}

	/**
	 * Adds a case's resources to the transaction for the patient, PUT under ids of their own ending
	 * in {@code suffix}; with {@code withPatient} the case's Patient too, else its resources only.
	 */
	static void addForPatient(Bundle input, String patient, String suffix, boolean withPatient, Bundle transaction) {
		Map<String, String> ids = new HashMap<>();
		List<Resource> resources = input.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
		resources.stream().filter(r -> !(r instanceof Patient)).forEach(r -> ids.put(r.fhirType() + "/" + r.getIdElement().getIdPart(),
				r.fhirType() + "/" + patient + "-" + r.getIdElement().getIdPart() + suffix));
		if (withPatient) {
			Patient subject = resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast).findFirst().orElseGet(Patient::new);
			put(transaction, subject, "Patient/" + patient);
		}
		for (Resource resource : resources) {
			if (resource instanceof Patient) {
				continue;
			}
			Resource copy = resource.copy();
			FHIR.newTerser().getAllPopulatedChildElementsOfType(copy, Reference.class).forEach(reference -> {
				if (reference.hasReference() && reference.getReference().startsWith("Patient/")) {
					reference.setReference("Patient/" + patient);
				} else if (reference.hasReference() && ids.containsKey(reference.getReference())) {
					reference.setReference(ids.get(reference.getReference()));
				}
			});
			put(transaction, copy, ids.get(resource.fhirType() + "/" + resource.getIdElement().getIdPart()));
		}
	}

	/** The patient's stored suggestions, type/id/version → the resource without meta's version and time. */
	static Map<String, String> storedSuggestions(FhirHttp http, String patient) {
		Map<String, String> stored = new TreeMap<>();
		for (String search : SUGGESTION_SEARCHES) {
			for (Bundle.BundleEntryComponent entry : http.search("/fhir/" + search + "Patient/" + patient + "&_count=200").getEntry()) {
				Resource resource = entry.getResource();
				if (resource.getIdElement().getIdPart().startsWith(SuggestionResources.ID_PREFIX)) {
					String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart() + "/" + resource.getMeta().getVersionId();
					stored.put(key, comparable(resource));
				}
			}
		}
		return stored;
	}

	/** What {@code $fusion-suggestions} computes from the stored record, type/id → resource. */
	static Map<String, String> readBack(FhirHttp http, String patient) {
		Map<String, String> computed = new TreeMap<>();
		http.parse(Bundle.class, http.get("/fhir/Patient/" + patient + "/$fusion-suggestions")).getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> !"Provenance".equals(r.fhirType()))
				.forEach(r -> computed.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), comparable(r)));
		return computed;
	}

	static Map<String, String> withoutVersions(Map<String, String> stored) {
		Map<String, String> unversioned = new TreeMap<>();
		stored.forEach((key, resource) -> unversioned.put(key.substring(0, key.lastIndexOf('/')), resource));
		return unversioned;
	}

	private static String comparable(Resource resource) {
		Resource copy = resource.copy();
		copy.setIdElement(copy.getIdElement().toUnqualifiedVersionless());
		copy.getMeta().setVersionId(null).setLastUpdated(null).setSource(null);
		// HAPI stores tags in an order of its own.
		copy.getMeta().getTag().sort(Comparator.comparing(Coding::getSystem).thenComparing(Coding::getCode));
		return FHIR.newJsonParser().encodeResourceToString(copy);
	}

	/** The open screening gaps of these patients, DetectedIssue by patient and code. */
	private static Map<String, String> gaps(FhirHttp http, List<String> patients) {
		Map<String, String> gaps = new TreeMap<>();
		Bundle page = http.search("/fhir/$screening-gaps?_count=1000");
		while (page != null) {
			page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
					.filter(r -> r instanceof DetectedIssue issue && patients.contains(issue.getPatient().getReferenceElement().getIdPart()))
					.map(DetectedIssue.class::cast)
					.forEach(issue -> gaps.put(issue.getPatient().getReference() + " " + issue.getCode().getCodingFirstRep().getCode() + " "
							+ issue.getIdElement().getIdPart(), FHIR.newJsonParser().encodeResourceToString(issue)));
			Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
			page = next == null ? null : http.search(next.getUrl().substring(next.getUrl().indexOf("/fhir")));
		}
		return gaps;
	}
}
