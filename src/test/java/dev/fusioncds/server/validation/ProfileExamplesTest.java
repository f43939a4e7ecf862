package dev.fusioncds.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Every profile in fhir-profiles/ has an example that validates against it, and the profiles bite. */
class ProfileExamplesTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static GenomicsValidator validator;
	private static List<Resource> examples;

	@BeforeAll
	static void load() throws IOException {
		validator = new GenomicsValidator(FHIR,
				IgPackages.load(FHIR, new String[] {"classpath:fhir-profiles/packages/hl7.fhir.uv.genomics-reporting-3.0.0.tgz"}),
				ConformanceResources.loadFromClasspath(FHIR));
		examples = new ArrayList<>();
		for (var file : new PathMatchingResourcePatternResolver().getResources("classpath*:fhir-profiles/examples/profiles/*.json")) {
			try (InputStream in = file.getInputStream()) {
				examples.add((Resource) FHIR.newJsonParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
			}
		}
	}

	private static List<SingleValidationMessage> errors(Resource resource) {
		return validator.validate(resource).getMessages().stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
	}

	private static <T extends Resource> T example(Class<T> type, String profile) {
		return examples.stream().filter(type::isInstance).map(type::cast)
				.filter(r -> r.getMeta().hasProfile("https://fusion-cds.dev/fhir/StructureDefinition/" + profile))
				.findFirst().orElseThrow();
	}

	@Test
	void everyProfileWeDefineHasAnExample() {
		Set<String> defined = new TreeSet<>();
		ConformanceResources.loadFromClasspath(FHIR).all().stream().filter(StructureDefinition.class::isInstance)
				.map(sd -> ((StructureDefinition) sd).getUrl()).forEach(defined::add);
		Set<String> exemplified = new TreeSet<>();
		examples.forEach(e -> e.getMeta().getProfile().forEach(p -> exemplified.add(p.getValue())));
		examples.forEach(e -> FHIR.newTerser().getAllPopulatedChildElementsOfType(e, org.hl7.fhir.r4.model.Extension.class)
				.forEach(x -> exemplified.add(x.getUrl())));

		assertThat(defined).hasSize(7);
		assertThat(exemplified).containsAll(defined);
	}

	@Test
	void everyExampleValidatesAgainstTheProfilesItClaims() {
		assertThat(examples).hasSizeGreaterThanOrEqualTo(9);
		for (Resource example : examples) {
			assertThat(errors(example)).as(example.fhirType() + " " + example.getMeta().getProfile()).isEmpty();
		}
	}

	@Test
	void aProposalThatIsAnOrderIsRefused() {
		MedicationRequest order = example(MedicationRequest.class, "fusion-medication-proposal").copy();
		order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);

		assertThat(errors(order)).extracting(SingleValidationMessage::getMessage).anyMatch(m -> m.contains("proposal"));
	}

	@Test
	void aReviewTaskWithoutItsPatientOrATagIsRefused() {
		Task task = example(Task.class, "fusion-review-task").copy();
		task.setFor(null);
		task.getMeta().getTag().remove(0);

		assertThat(errors(task)).extracting(SingleValidationMessage::getLocationString)
				.anyMatch(l -> l.startsWith("Task")).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void aProvenanceWithoutItsRuleIsRefused() {
		Provenance provenance = example(Provenance.class, "fusion-suggestion-provenance").copy();
		provenance.getPolicy().clear();

		assertThat(errors(provenance)).isNotEmpty();
	}
}
