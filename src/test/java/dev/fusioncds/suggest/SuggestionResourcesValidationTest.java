package dev.fusioncds.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fusioncds.server.validation.ConformanceResources;
import dev.fusioncds.server.validation.GenomicsValidator;
import dev.fusioncds.server.validation.IgPackages;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HAPI's validator, with the GRIG package, on the output of every golden case: no errors. */
class SuggestionResourcesValidationTest {

	static GenomicsValidator validator;

	@BeforeAll
	static void load() {
		GoldenCasesTest.load();
		validator = new GenomicsValidator(GoldenCasesTest.FHIR,
				IgPackages.load(GoldenCasesTest.FHIR, new String[] {"classpath:fhir-profiles/packages/hl7.fhir.uv.genomics-reporting-3.0.0.tgz"}),
				ConformanceResources.loadFromClasspath(GoldenCasesTest.FHIR));
	}

	static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() throws java.io.IOException {
		return GoldenCasesTest.cases();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void outputValidatesAgainstTheLoadedProfiles(String name, JsonNode golden) {
		for (Resource resource : GoldenCasesTest.run(golden).resources()) {
			assertThat(validator.validate(resource).getMessages())
					.as(resource.fhirType() + "/" + resource.getIdElement().getIdPart())
					.filteredOn(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
					.isEmpty();
		}
	}
}
