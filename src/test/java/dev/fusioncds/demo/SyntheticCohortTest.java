package dev.fusioncds.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fusioncds.demo.CohortPatient.FusionTest;
import dev.fusioncds.demo.CohortPatient.Tumor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SyntheticCohortTest {

	@Test
	void aPatientDependsOnlyOnSeedAndIndex() {
		SyntheticCohort one = new SyntheticCohort(7, "c", 0.7);
		SyntheticCohort other = new SyntheticCohort(7, "c", 0.7);
		other.bundle(0, 50);

		assertThat(one.bundle(10, 5)).isEqualTo(other.bundle(10, 5));
		assertThat(one.patient(123)).isEqualTo(other.patient(123));
		assertThat(new SyntheticCohort(8, "c", 0.7).patient(123)).isNotEqualTo(one.patient(123));
	}

	@Test
	void everyResourceIsPutWithAFixedIdDerivedFromThePatient() throws Exception {
		JsonNode bundle = new ObjectMapper().readTree(new SyntheticCohort(7, "c", 0.7).bundle(0, 25));
		List<String> urls = new ArrayList<>();
		for (JsonNode entry : bundle.path("entry")) {
			assertThat(entry.path("request").path("method").asText()).isEqualTo("PUT");
			String url = entry.path("request").path("url").asText();
			assertThat(url).matches("[A-Za-z]+/c-\\d+(-[a-z]+)?").isEqualTo(entry.path("fullUrl").asText());
			urls.add(url);
		}
		assertThat(new HashSet<>(urls)).hasSameSizeAs(urls);
		assertThat(urls).filteredOn(u -> u.startsWith("Patient/")).hasSize(25);
	}

	@Test
	void twoThousandPatientsCoverEveryTumorEveryTestKindAndUntestedPatients() {
		SyntheticCohort cohort = DemoCohort.generator();
		List<CohortPatient> patients = IntStream.range(0, 2000).mapToObj(cohort::patient).toList();

		assertThat(patients.stream().map(CohortPatient::tumor).distinct()).containsExactlyInAnyOrder(Tumor.values());
		Set<FusionTest> tests = EnumSet.noneOf(FusionTest.class);
		patients.stream().map(CohortPatient::fusionTest).filter(Objects::nonNull).forEach(tests::add);
		assertThat(tests).containsExactlyInAnyOrder(FusionTest.values());
		assertThat(patients).filteredOn(p -> p.fusionTest() == null).hasSizeBetween(500, 700);
		assertThat(patients).filteredOn(p -> "EGFR wild-type".equals(p.driver()) && p.fusionTest() == FusionTest.DNA_NEGATIVE)
				.isNotEmpty();
		assertThat(patients).filteredOn(p -> "KRAS wild-type".equals(p.driver()) && p.tumor() == Tumor.PANCREATIC).isNotEmpty();
		assertThat(patients).filteredOn(p -> p.priorTherapy() != null).hasSizeBetween(1000, 1300);
	}
}
