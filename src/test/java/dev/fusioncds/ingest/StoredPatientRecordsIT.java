package dev.fusioncds.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.TestReports;
import dev.fusioncds.suggest.SuggestionStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A transaction of later reports for several stored patients reads their records back in one
 * search and gives each the resources that name it. Each must get exactly what reading its record
 * alone gives ({@code $fusion-suggestions}): a resource given to the wrong patient would put one
 * patient's fusion, drug or retest into another's suggestions.
 */
@FusionServerIT
class StoredPatientRecordsIT {

	/**
	 * Not the ten of the first reports, so each transaction mixes patients first stored in different
	 * ones, and more than one search reads (twenty), so a transaction's records come from two.
	 */
	static final int PATIENTS_PER_LATER_TRANSACTION = 27;

	@LocalServerPort
	int port;
	@Autowired
	SubjectLinks subjects;

	@Test
	void storedPatientsReportedTogetherGetWhatEachRecordReadAloneGives() throws IOException {
		// Else every record would be read alone, and this would test nothing new.
		assertThat(subjects.asBuiltIn()).as("HAPI's subject parameters are the built-in ones").isTrue();
		FhirHttp http = new FhirHttp(port);
		List<Bundle> cases = NewPatientRecordIT.goldenCases();
		List<String> patients = new ArrayList<>();
		Bundle first = null;
		for (int i = 0; i < cases.size(); i++) {
			if (i % NewPatientRecordIT.CASES_PER_TRANSACTION == 0) {
				first = store(http, first);
			}
			patients.add(NewPatientRecordIT.addAsNewPatient(cases.get(i), TestReports.newPatientId("stored-record"), first));
		}
		store(http, first);

		Bundle later = null;
		for (int i = 0; i < cases.size(); i++) {
			if (i % PATIENTS_PER_LATER_TRANSACTION == 0) {
				later = store(http, later);
			}
			// Each patient's later report is the next case's resources: other results than its own first report's.
			NewPatientRecordIT.addForPatient(cases.get((i + 1) % cases.size()), patients.get(i), "-later", false, later);
		}
		store(http, later);

		int withSuggestions = 0;
		for (String patient : patients) {
			Map<String, String> standing = standing(NewPatientRecordIT.withoutVersions(NewPatientRecordIT.storedSuggestions(http, patient)));
			assertThat(standing).as(patient).isEqualTo(NewPatientRecordIT.readBack(http, patient));
			withSuggestions += standing.isEmpty() ? 0 : 1;
		}
		assertThat(withSuggestions).as("patients with suggestions").isGreaterThanOrEqualTo(40);
	}

	/** The suggestions not withdrawn: the first report's that the later one changed stay stored, withdrawn. */
	private static Map<String, String> standing(Map<String, String> stored) {
		Map<String, String> standing = new TreeMap<>(stored);
		standing.values().removeIf(json ->
				SuggestionStatus.isWithdrawn((Resource) NewPatientRecordIT.FHIR.newJsonParser().parseResource(json)));
		return standing;
	}

	/** Stores the transaction if there is one with entries; a new, empty one to fill next. */
	private static Bundle store(FhirHttp http, Bundle transaction) {
		if (transaction != null && transaction.hasEntry()) {
			var stored = http.postFhir("/fhir", transaction);
			assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
		}
		return new Bundle().setType(Bundle.BundleType.TRANSACTION);
	}
}
