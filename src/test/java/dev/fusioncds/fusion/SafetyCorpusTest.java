package dev.fusioncds.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.fusion.SafetyCorpus.Kind;
import dev.fusioncds.fusion.SafetyCorpus.Variant;
import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.rules.Suggestion;
import dev.fusioncds.rules.SuggestionKind;
import dev.fusioncds.suggest.Evaluator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every generated non-positive variant gives zero therapy suggestions and, when it is unclear about a
 * named gene, a retest or a review; every positive variant gives a therapy for its gene. The same
 * corpus runs through HTTP in {@code SafetyCorpusIT}.
 */
class SafetyCorpusTest {

	static final Evaluator EVALUATOR = new Evaluator(KnowledgeBaseLoader.fromClasspath(),
			Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));

	/** What is wrong with one variant's output, or null when nothing is. */
	public static String problem(Variant variant, List<Suggestion> suggestions) {
		List<Suggestion> therapies = suggestions.stream().filter(s -> s.kind() == SuggestionKind.THERAPY).toList();
		if (variant.kind() != Kind.POSITIVE) {
			if (!therapies.isEmpty()) {
				return "drug proposed: " + therapies.get(0).summary();
			}
			boolean followedUp = suggestions.stream().anyMatch(s -> s.kind() == SuggestionKind.RETEST || s.kind() == SuggestionKind.REVIEW);
			return variant.expectsFollowUp() && !followedUp ? "no retest or review" : null;
		}
		if (therapies.isEmpty()) {
			return "no therapy for a clear positive: " + suggestions.stream().map(Suggestion::ruleId).toList();
		}
		return therapies.stream().filter(t -> !variant.positiveGenes().contains(t.target())).findFirst()
				.map(t -> "therapy for " + t.target() + ", which the result does not call positive").orElse(null);
	}

	@Test
	void onlyClearPositivesLeadToADrug() throws java.io.IOException {
		List<Variant> corpus = SafetyCorpus.generate("safety-unit");
		Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
		List<String> problems = new ArrayList<>();
		for (Variant variant : corpus) {
			counts.merge(variant.kind(), 1, Integer::sum);
			Evaluator.Result result = EVALUATOR.evaluate(variant.resources(), Jurisdiction.US);
			String problem = problem(variant, result.evaluation().suggestions());
			if (problem != null) {
				problems.add(variant + "\n    -> " + problem + "\n    " + String.join("\n    ", result.evaluation().trace()));
			}
		}
		int positives = counts.getOrDefault(Kind.POSITIVE, 0);
		System.out.printf("safety corpus: %d non-positive variants %s, %d positive; %d problems%n",
				corpus.size() - positives, counts, positives, problems.size());

		java.nio.file.Files.write(java.nio.file.Path.of("target/safety-corpus-problems.txt"), problems);
		assertThat(corpus.size() - positives).isGreaterThanOrEqualTo(1000);
		assertThat(positives).isGreaterThanOrEqualTo(100);
		assertThat(problems).as(problems.size() + " variants").isEmpty();
	}
}
