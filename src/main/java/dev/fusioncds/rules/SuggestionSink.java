package dev.fusioncds.rules;

import dev.fusioncds.fusion.FusionFinding;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.Source;
import dev.fusioncds.rules.Suggestion.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Collects suggestions and trace lines; merges duplicates and orders the result deterministically. */
final class SuggestionSink {

	private final KnowledgeBase knowledge;
	private final Map<String, Suggestion> suggestions = new LinkedHashMap<>();
	private final List<String> trace = new ArrayList<>();

	SuggestionSink(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
	}

	void add(SuggestionKind kind, String ruleId, FusionFinding finding, String drugId, String testId, String summary,
			String rationale, Evidence evidence, List<String> citationIds) {
		add(kind, ruleId, finding.sourceObservation() == null ? "" : finding.sourceObservation(), finding.target().symbol(),
				drugId, testId, summary, rationale, evidence, citationIds);
	}

	/** @param source reference of what the suggestion rests on (a result, or a draft order) */
	void add(SuggestionKind kind, String ruleId, String source, String target, String drugId, String testId, String summary,
			String rationale, Evidence evidence, List<String> citationIds) {
		List<Source> citations = citationIds.stream()
				.distinct()
				.map(id -> knowledge.source(id).orElseThrow(() -> new IllegalStateException("unknown source " + id)))
				.toList();
		Suggestion suggestion = new Suggestion(kind, summary, rationale, evidence, citations, ruleId, knowledge.version(),
				List.of(source), target, drugId, testId);
		// one Observation saying "No NTRK1/2/3 fusions" is one retest, not three
		suggestions.putIfAbsent(ruleId + "|" + source + "|" + Objects.toString(drugId, "") + "|" + Objects.toString(testId, ""), suggestion);
	}

	void trace(String line) {
		trace.add(line);
	}

	Evaluation evaluation() {
		List<Suggestion> ordered = suggestions.values().stream()
				.sorted(Comparator.comparing(Suggestion::kind)
						.thenComparing(s -> String.join(",", s.sourceFindings()))
						.thenComparing(Suggestion::ruleId)
						.thenComparing(s -> Objects.toString(s.drugId(), ""))
						.thenComparing(s -> Objects.toString(s.testId(), "")))
				.toList();
		if (ordered.isEmpty()) {
			trace.add("no suggestions: no rule matched the findings and context");
		}
		return new Evaluation(ordered, trace);
	}
}
