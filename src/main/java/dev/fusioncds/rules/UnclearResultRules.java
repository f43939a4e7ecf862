package dev.fusioncds.rules;

import dev.fusioncds.fusion.FusionFinding;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.ResultVocabulary.ResultReview;
import dev.fusioncds.rules.Suggestion.Evidence;

/**
 * Results that are not a clear, final answer: never a drug. Failed, equivocal and unconfirmed
 * results ask for a test (retest-rules.json); pending, preliminary, uninterpretable, conflicting
 * and uncertain-significance results ask a person to look (result-status.json reviews).
 */
final class UnclearResultRules {

	private final KnowledgeBase knowledge;
	private final RetestRules retest;

	UnclearResultRules(KnowledgeBase knowledge, RetestRules retest) {
		this.knowledge = knowledge;
		this.retest = retest;
	}

	void apply(FusionFinding finding, SuggestionSink sink) {
		switch (finding.reading().qualifier()) {
			case FAILED -> retest.afterUnclear(finding, "failed", sink);
			case EQUIVOCAL -> retest.afterUnclear(finding, "equivocal", sink);
			case UNCONFIRMED -> retest.afterUnclear(finding, "unconfirmed", sink);
			case PENDING -> review(finding, "pending", sink);
			case SIGNIFICANCE_UNCERTAIN -> review(finding, "uncertain-significance", sink);
			case NOT_STATED, NONE -> review(finding, "not-stated", sink);
		}
	}

	void notFinal(FusionFinding finding, SuggestionSink sink) {
		review(finding, "not-final", sink);
	}

	void conflicting(FusionFinding finding, SuggestionSink sink) {
		review(finding, "conflicting", sink);
	}

	private void review(FusionFinding finding, String when, SuggestionSink sink) {
		ResultReview review = knowledge.resultVocabulary().review(when);
		sink.add(SuggestionKind.REVIEW, review.id(), finding, null, null, review.summary().replace("{finding}", finding.describe()),
				review.rationale() + RetestRules.quoted(finding), new Evidence(null, null, null), review.citations());
	}
}
