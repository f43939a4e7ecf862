package dev.fusioncds.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.rules.Suggestion;
import dev.fusioncds.rules.SuggestionKind;
import dev.fusioncds.suggest.Evaluator;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Whole patients written blind from real lab feeds by authors who never saw the readers
 * ({@code safety/heldout-cases.json}; {@code safety/heldout-panels.json}, multi-gene panels and which
 * gene a result is about), and the probes written after the first found results
 * attributed to a gene they were not about ({@code safety/attribution-probes.json}: a positive ALK
 * result in a report or under a test name that also names NRG1): each case's resources as a lab or EHR sends them, the status a
 * molecular pathologist reads per gene, and whether a drug may follow. Every result that is not a
 * clean final positive must end without a drug; every clean positive in an eligible patient brings
 * one, except where the case records why the engine deliberately withholds it ({@code engineWithholdsDrug}).
 * A case recording a {@code knownGap} is one the engine still gets wrong, listed so that it stays in
 * sight (README, Knowledge gaps) and so that this test says when it is fixed.
 */
class HeldoutCasesTest {

	private static final Evaluator EVALUATOR = new Evaluator(KnowledgeBaseLoader.fromClasspath(),
			Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));
	private static final IParser PARSER = FhirContext.forR4Cached().newJsonParser();

	@Test
	void noDrugUnlessTheResultIsACleanFinalPositiveAndOneWhenItIs() throws IOException {
		List<JsonNode> cases = new ArrayList<>();
		for (String file : List.of("/safety/heldout-cases.json", "/safety/heldout-panels.json", "/safety/attribution-probes.json")) {
			try (InputStream in = HeldoutCasesTest.class.getResourceAsStream(file)) {
				new ObjectMapper().readTree(in).forEach(cases::add);
			}
		}
		List<String> unsafe = new ArrayList<>();
		List<String> missed = new ArrayList<>();
		List<String> withheldAsRecorded = new ArrayList<>();
		List<String> recordedAsWithheld = new ArrayList<>();
		List<String> readAsPositive = new ArrayList<>();
		List<String> unsafeAsRecorded = new ArrayList<>();
		List<String> recordedAsGaps = new ArrayList<>();
		Map<String, Integer> agreement = new TreeMap<>();
		for (JsonNode each : cases) {
			List<Resource> resources = new ArrayList<>();
			each.path("resources").forEach(json -> resources.add((Resource) PARSER.parseResource(json.toString())));
			Evaluator.Result result = EVALUATOR.evaluate(resources, Jurisdiction.US);
			Set<String> drugsFor = result.evaluation().suggestions().stream().filter(s -> s.kind() == SuggestionKind.THERAPY)
					.map(Suggestion::target).collect(Collectors.toSet());
			String id = each.path("id").asText();
			if (each.has("engineWithholdsDrug")) {
				recordedAsWithheld.add(id);
			}
			each.path("expect").fields().forEachRemaining(expected -> {
				String read = result.findings().stream().filter(f -> f.target().symbol().equals(expected.getKey()))
						.map(f -> f.status() + (f.reading().qualifier() == FusionFinding.Qualifier.NONE ? "" : "/" + f.reading().qualifier()))
						.distinct().collect(Collectors.joining(",")).transform(s -> s.isEmpty() ? "NONE" : s);
				agreement.merge(expected.getValue().asText() + " read " + read, 1, Integer::sum);
				if (read.contains("DETECTED") && !read.contains("NOT_DETECTED") && !"DETECTED".equals(expected.getValue().asText())) {
					readAsPositive.add(id + " " + expected.getKey() + " (" + expected.getValue().asText() + ") read " + read + ", therapy: "
							+ drugsFor.contains(expected.getKey()));
				}
			});
			String summary = id + " (" + each.path("imitates").asText() + ")\n    findings " + result.findings().stream()
					.map(f -> f.target().symbol() + " " + f.status() + "/" + f.reading().qualifier() + " from " + f.reading().source()
							+ " \"" + f.reading().evidence() + "\" final=" + f.reading().finalResult())
					.toList() + "\n    suggestions " + result.evaluation().suggestions().stream().map(Suggestion::summary).toList();
			Set<String> positivesExpected = each.path("expect").properties().stream()
					.filter(e -> "DETECTED".equals(e.getValue().asText())).map(Map.Entry::getKey).collect(Collectors.toSet());
			boolean drugAllowed = "expected".equals(each.path("drug").asText());
			assertThat(drugAllowed).as(id + ": a drug is expected exactly where a gene is DETECTED").isEqualTo(!positivesExpected.isEmpty());
			// a drug for a gene the case does not call DETECTED, in any case: unsafe
			if (!positivesExpected.containsAll(drugsFor)) {
				if (each.has("knownGap")) {
					unsafeAsRecorded.add(id);
				} else {
					unsafe.add(summary);
				}
			}
			if (each.has("knownGap")) {
				recordedAsGaps.add(id);
			}
			if (!drugsFor.containsAll(positivesExpected)) {
				if (each.has("engineWithholdsDrug")) {
					withheldAsRecorded.add(id);
				} else {
					missed.add(summary);
				}
			}
		}
		System.out.println("held-out cases, expected vs read: " + agreement);
		readAsPositive.forEach(r -> System.out.println("  a positive reading where the author reads none (no drug follows): " + r));
		missed.forEach(m -> System.out.println("  no drug for a clean positive: " + m));
		unsafe.forEach(u -> System.out.println("  UNSAFE: " + u));
		assertThat(unsafe).as("drugs proposed for a gene without a clean final positive").isEmpty();
		assertThat(missed).as("clean final positives in eligible patients without a drug").isEmpty();
		assertThat(withheldAsRecorded).as("the cases whose drug the engine withholds, as each records").isEqualTo(recordedAsWithheld);
		assertThat(unsafeAsRecorded).as("the known gaps (a drug the engine still proposes), as each records").isEqualTo(recordedAsGaps);
	}
}
