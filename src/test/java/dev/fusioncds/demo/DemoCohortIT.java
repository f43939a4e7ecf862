package dev.fusioncds.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fusioncds.demo.CohortPatient.FusionTest;
import dev.fusioncds.demo.CohortPatient.Tumor;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The demo cohort's first 40 patients, loaded by the bean that {@code fusion.demo.cohort} runs at start. */
@FusionServerIT
class DemoCohortIT {

	static final int PATIENTS = 40;
	static final String KIND = "https://fusion-cds.dev/fhir/CodeSystem/suggestion-kind";
	static final String RULE = "https://fusion-cds.dev/fhir/CodeSystem/rule";
	static final String IN_COHORT = ":Patient.identifier=" + SyntheticCohort.IDENTIFIER_SYSTEM + "|";
	static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	DemoCohort cohort;

	FhirHttp http;

	@BeforeEach
	void load() {
		http = new FhirHttp(port);
		cohort.load(PATIENTS);
	}

	@Test
	void theCohortIsStoredWithSuggestionsOfEveryKind() throws Exception {
		assertThat(count("Patient?identifier=" + SyntheticCohort.IDENTIFIER_SYSTEM + "|")).isEqualTo(PATIENTS);
		assertThat(count("Condition?subject" + IN_COHORT)).isEqualTo(PATIENTS);
		assertThat(count("Task?_tag=" + KIND + "|therapy&patient" + IN_COHORT)).isPositive();
		assertThat(count("Task?_tag=" + KIND + "|retest&patient" + IN_COHORT)).isPositive();
		assertThat(count("Task?_tag=" + KIND + "|review&patient" + IN_COHORT)).isPositive();
		assertThat(count("MedicationRequest?intent=proposal&subject" + IN_COHORT)).isPositive();
		assertThat(count("ServiceRequest?intent=proposal&subject" + IN_COHORT)).isPositive();
	}

	@Test
	void eachPatientGetsWhatItsStoryCallsFor() throws Exception {
		CohortPatient driverNegativeNsclcDnaOnly = first(p -> p.tumor() == Tumor.NSCLC
				&& p.fusionTest() == FusionTest.DNA_NEGATIVE && "EGFR wild-type".equals(p.driver()));
		assertThat(count("Task?patient=" + driverNegativeNsclcDnaOnly.id() + "&_tag=" + RULE + "|RETEST-NRG1-DNA-NEGATIVE"))
				.isEqualTo(1);

		CohortPatient untested = first(p -> p.fusionTest() == null);
		assertThat(count("Condition?subject=" + untested.id())).isEqualTo(1);
		assertThat(count("Task?patient=" + untested.id())).isZero();

		CohortPatient rnaNegative = first(p -> p.fusionTest() == FusionTest.RNA_NEGATIVE);
		assertThat(count("Task?patient=" + rnaNegative.id())).isZero();
	}

	@Test
	void loadingAgainAddsNothing() throws Exception {
		Map<String, Integer> before = counts();

		int written = cohort.load(PATIENTS);

		assertThat(written).isZero();
		assertThat(counts()).isEqualTo(before);
		assertThat(count("Patient/" + DemoCohort.ID_PREFIX + "-0/_history")).isEqualTo(1);
	}

	private static CohortPatient first(Predicate<CohortPatient> story) {
		SyntheticCohort generator = DemoCohort.generator();
		return IntStream.range(0, PATIENTS).mapToObj(generator::patient).filter(story).findFirst().orElseThrow();
	}

	private Map<String, Integer> counts() throws Exception {
		Map<String, Integer> counts = new TreeMap<>();
		for (String query : new String[] {"Condition?subject", "Observation?subject", "DiagnosticReport?subject",
				"MedicationStatement?subject", "Task?patient", "ServiceRequest?subject", "MedicationRequest?subject"}) {
			counts.put(query, count(query + IN_COHORT));
		}
		return counts;
	}

	private int count(String query) throws Exception {
		String url = "/fhir/" + query.replace("|", "%7C") + (query.contains("?") ? "&" : "?") + "_summary=count";
		var response = http.get(url);
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		JsonNode bundle = JSON.readTree(response.body());
		return bundle.path("total").asInt();
	}
}
