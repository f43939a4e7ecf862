package dev.fusioncds.rules;

import dev.fusioncds.fusion.FusionFinding;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.RetestRule;
import dev.fusioncds.knowledge.TumorType;
import dev.fusioncds.rules.Suggestion.Evidence;

/** Negative or screening results that call for another test (retest-rules.json). */
final class RetestRules {

	private final KnowledgeBase knowledge;

	RetestRules(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
	}

	void afterNegative(FusionFinding finding, ClinicalContext context, SuggestionSink sink) {
		apply(finding, context, "not-detected", sink);
	}

	/** @param status failed, equivocal or unconfirmed: repeat or confirm whatever the tumor */
	void afterUnclear(FusionFinding finding, String status, SuggestionSink sink) {
		apply(finding, null, status, sink);
	}

	/** What the result said, for the rationale: a suggestion says why it was made. */
	static String quoted(FusionFinding finding) {
		return " This result (" + finding.method() + ", " + finding.reading().source() + "): \u201c" + finding.reading().evidence() + "\u201d.";
	}

	void confirmScreening(FusionFinding finding, SuggestionSink sink) {
		apply(finding, null, "detected", sink);
		sink.trace("screening result (" + finding.method() + "): no therapy until confirmed by NGS");
	}

	private void apply(FusionFinding finding, ClinicalContext context, String status, SuggestionSink sink) {
		for (RetestRule rule : knowledge.retestRules()) {
			if (!rule.trigger().status().equals(status)
					|| !rule.genes().contains(finding.target().symbol())
					|| !rule.trigger().methods().contains(finding.method().name())) {
				continue;
			}
			if (context != null && !appliesTo(rule, context, sink)) {
				continue;
			}
			String test = knowledge.test(rule.test()).orElseThrow().id();
			sink.add(SuggestionKind.RETEST, rule.id(), finding, null, test, rule.summary(), rule.rationale() + quoted(finding),
					new Evidence(null, null, null), rule.citations());
		}
	}

	private boolean appliesTo(RetestRule rule, ClinicalContext context, SuggestionSink sink) {
		boolean tumorMatches = rule.tumorTypes().stream().anyMatch(context.tumorTypes()::contains)
				|| (rule.tumorTypes().contains(TumorType.ANY_SOLID) && context.solidTumor());
		if (!tumorMatches) {
			sink.trace(rule.id() + ": tumor types " + context.tumorTypes() + " not among " + rule.tumorTypes());
			return false;
		}
		if (rule.requiresMsiHigh() && !context.msiHigh()) {
			sink.trace(rule.id() + ": the tumor is not recorded as MSI-high / mismatch-repair deficient");
			return false;
		}
		var driver = rule.skipIfDetected().stream()
				.filter(context::driverDetected)
				.filter(d -> !rule.notSkippedAfter().containsKey(d) || !knowledge.anyInClass(context.pastDrugs(), rule.notSkippedAfter().get(d)))
				.findFirst();
		driver.ifPresent(d -> sink.trace(rule.id() + ": skipped, " + d + " driver detected (drivers are mutually exclusive)"));
		return driver.isEmpty();
	}

}
