package dev.fusioncds.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

class GenomicsValidatorTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static GenomicsValidator validator;

	@BeforeAll
	static void loadValidator() {
		validator = new GenomicsValidator(
				FHIR,
				IgPackages.load(FHIR, new String[] {"classpath:fhir-profiles/packages/hl7.fhir.uv.genomics-reporting-3.0.0.tgz"}),
				ConformanceResources.loadFromClasspath(FHIR));
	}

	static Stream<Resource> demoGenomicsResults() throws IOException {
		var files = new PathMatchingResourcePatternResolver().getResources("classpath*:fhir-profiles/examples/demo/*.json");
		Stream.Builder<Resource> results = Stream.builder();
		for (var file : files) {
			try (InputStream in = file.getInputStream()) {
				Bundle bundle = FHIR.newJsonParser()
						.parseResource(Bundle.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
				bundle.getEntry().stream()
						.map(Bundle.BundleEntryComponent::getResource)
						.filter(GenomicsResults::isGenomicsResult)
						.forEach(results::add);
			}
		}
		return results.build();
	}

	@ParameterizedTest
	@MethodSource("demoGenomicsResults")
	void demoGenomicsResultsValidateWithoutErrors(Resource result) {
		assertThat(errors(result)).isEmpty();
	}

	@Test
	void variantWithoutCodeIsRejectedNamingTheElement() {
		Observation variant = new Observation();
		variant.getMeta().addProfile("http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant");
		variant.setStatus(Observation.ObservationStatus.FINAL);
		variant.addCategory(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
				GenomicsResults.GENETICS_CATEGORY_SYSTEM, GenomicsResults.GENETICS_CATEGORY_CODE, null)));

		List<SingleValidationMessage> errors = errors(variant);

		assertThat(errors).extracting(SingleValidationMessage::getMessage)
				.anySatisfy(message -> assertThat(message).contains("Observation.code").contains("minimum required = 1"));
	}

	private static List<SingleValidationMessage> errors(Resource resource) {
		return validator.validate(resource).getMessages().stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.toList();
	}
}
