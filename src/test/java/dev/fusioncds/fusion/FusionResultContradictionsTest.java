package dev.fusioncds.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import dev.fusioncds.suggest.GoldenCasesTest;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;

class FusionResultContradictionsTest {

	static FusionFindingReader reader;

	@BeforeAll
	static void load() {
		reader = new FusionFindingReader(KnowledgeBaseLoader.fromClasspath());
	}

	@Test
	void refusesOneGeneAsBothPartners() {
		Observation result = fusion("NRG1::NRG1 fusion detected", null);

		assertThat(reader.contradictions(result)).singleElement().asString().contains("NRG1 is given as both fusion partners");
	}

	@Test
	void refusesACodedPresentThatTheTextDenies() {
		Observation result = fusion("No NRG1 fusion detected", "LA9633-4");

		assertThat(reader.contradictions(result)).singleElement().asString().contains("DETECTED").contains("NOT_DETECTED");
	}

	@Test
	void acceptsAConsistentResult() {
		assertThat(reader.contradictions(fusion("CD74-NRG1 fusion detected", "LA9633-4"))).isEmpty();
		assertThat(reader.contradictions(fusion("No NTRK1/2/3 fusions detected", "LA9634-2"))).isEmpty();
	}

	static List<org.junit.jupiter.params.provider.Arguments> goldenCases() throws Exception {
		return GoldenCasesTest.cases().toList();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("goldenCases")
	void noGoldenCaseInputContradictsItself(String name, JsonNode golden) {
		Bundle input = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, golden.path("input").toString());

		input.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Observation.class::isInstance)
				.forEach(o -> assertThat(reader.contradictions((Observation) o)).as(o.getIdElement().getValue()).isEmpty());
	}

	private static Observation fusion(String text, String presentAbsent) {
		Observation observation = new Observation();
		observation.setId("Observation/t1");
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.getCode().addCoding(new Coding("http://loinc.org", "69548-6", "Genetic variant assessment"));
		if (presentAbsent != null) {
			observation.setValue(new CodeableConcept(new Coding("http://loinc.org", presentAbsent, null)));
		}
		observation.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "81252-9", null)))
				.setValue(new CodeableConcept().setText(text));
		return observation;
	}
}
