package dev.fusioncds.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import dev.fusioncds.rules.FusionRules;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.rules.Suggestion;
import dev.fusioncds.rules.SuggestionKind;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Input Bundle → expected kinds, drugs, RxNorm codes and rule ids, for every case in src/test/resources/cases. */
public class GoldenCasesTest {

	static final FhirContext FHIR = FhirContext.forR4Cached();
	static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
	static KnowledgeBase knowledge;
	static Evaluator evaluator;

	@BeforeAll
	static void load() {
		knowledge = KnowledgeBaseLoader.fromClasspath();
		evaluator = new Evaluator(knowledge, CLOCK);
	}

	public static Stream<Arguments> cases() throws IOException {
		List<Arguments> all = new ArrayList<>();
		ObjectMapper json = new ObjectMapper();
		for (var file : new PathMatchingResourcePatternResolver().getResources("classpath*:cases/*.json")) {
			try (InputStream in = file.getInputStream()) {
				JsonNode node = json.readTree(in);
				all.add(Arguments.of(node.path("name").asText(), node));
			}
		}
		assertThat(all).hasSizeGreaterThanOrEqualTo(40);
		return all.stream();
	}

	/** A golden case's input Bundle. */
	public static Bundle input(JsonNode golden) {
		return FHIR.newJsonParser().parseResource(Bundle.class, golden.path("input").toString());
	}

	static Evaluator.Result run(JsonNode golden) {
		List<Resource> resources = input(golden).getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
		return evaluator.evaluate(resources, Jurisdiction.fromCode(golden.path("jurisdiction").asText()).orElseThrow());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void producesTheExpectedSuggestions(String name, JsonNode golden) {
		Evaluator.Result result = run(golden);
		List<Suggestion> suggestions = result.evaluation().suggestions();
		String trace = String.join("\n", result.evaluation().trace()) + "\n" + suggestions;

		assertThat(new TreeSet<>(suggestions.stream().map(s -> s.kind().code()).toList()))
				.as(trace).containsExactlyInAnyOrderElementsOf(strings(golden.path("expect").path("kinds")));
		assertThat(new TreeSet<>(suggestions.stream()
						.filter(s -> s.kind() == SuggestionKind.THERAPY || s.kind() == SuggestionKind.TRIAL)
						.map(Suggestion::drugId).filter(Objects::nonNull).toList()))
				.as(trace).containsExactlyInAnyOrderElementsOf(strings(golden.path("expect").path("drugs")));
		assertThat(suggestions).extracting(Suggestion::ruleId).as(trace).containsAll(strings(golden.path("expect").path("rules")));
		assertThat(rxnormCodes(result.resources())).containsExactlyInAnyOrderElementsOf(strings(golden.path("expect").path("rxnorm")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void everyEmittedResourceIsTaggedIdentifiedAndDeterministic(String name, JsonNode golden) {
		Evaluator.Result first = run(golden);
		Evaluator.Result second = run(golden);

		assertThat(first.resources()).extracting(r -> r.getIdElement().getIdPart())
				.containsExactlyElementsOf(second.resources().stream().map(r -> r.getIdElement().getIdPart()).toList());
		for (Resource resource : first.resources()) {
			assertThat(resource.getMeta().getTag().stream()
							.filter(t -> SuggestionResources.KIND_SYSTEM.equals(t.getSystem()))
							.map(Coding::getCode)
							.toList())
					.as(resource.fhirType()).singleElement().isIn("therapy", "retest", "review", "trial");
			assertThat(resource.getIdElement().getIdPart()).startsWith("fcds-");
		}
		List<String> publishedRules = new FusionRules(knowledge).ruleIds();
		for (Suggestion suggestion : first.evaluation().suggestions()) {
			assertThat(publishedRules).as("rule CodeSystem").contains(suggestion.ruleId());
			assertThat(suggestion.summary().length()).isLessThanOrEqualTo(Suggestion.MAX_SUMMARY);
			assertThat(suggestion.citations()).isNotEmpty();
			assertThat(suggestion.knowledgeVersion()).isEqualTo(knowledge.version());
		}
	}

	private static List<String> rxnormCodes(List<Resource> resources) {
		return resources.stream()
				.filter(MedicationRequest.class::isInstance)
				.map(r -> ((MedicationRequest) r).getMedicationCodeableConcept())
				.flatMap(c -> c.getCoding().stream())
				.filter(c -> SuggestionResources.RXNORM.equals(c.getSystem()))
				.map(Coding::getCode)
				.toList();
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(v -> values.add(v.asText()));
		return values;
	}
}
