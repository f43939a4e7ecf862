package dev.fusioncds.knowledge;

import java.util.List;

/**
 * How results state their status (result-status.json): coded answers with the status they mean, and
 * the NegEx/ConText-style phrase lists the text reader uses.
 */
public record ResultVocabulary(
		List<CodedStatus> codes,
		Triggers triggers,
		PhraseList pseudoTriggers,
		PhraseList terminators,
		PhraseList skipClauses,
		PhraseList otherFindingWords,
		PhraseList otherBiomarkerWords,
		PhraseList capitalWords,
		PhraseList assayWords,
		PhraseList testNameWords,
		PhraseList notFinalWords,
		PhraseList recommendationWords,
		PhraseList therapyWords,
		PhraseList resultWords,
		Flags flags,
		List<ResultReview> reviews,
		List<String> citations) {

	/** @param status DETECTED, NOT_DETECTED, INDETERMINATE or UNCERTAIN; qualifier says which kind of the last two */
	public record CodedStatus(String system, String code, String display, String status, String qualifier, List<String> citations) {}

	public record Triggers(String comment, List<TriggerGroup> groups) {}

	/**
	 * @param direction forward (applies to genes after the phrase), backward (before it) or both
	 * @param closesNegation an affirmation that ends a negated clause ("No fusion was detected in NRG1")
	 */
	public record TriggerGroup(String status, String qualifier, String direction, boolean closesNegation, List<String> phrases) {}

	public record PhraseList(String comment, List<String> phrases) {}

	/** Flattened yes/no fields: a key word, a separator and a flag ("DETECTED|N", "positive=true"). */
	public record Flags(String comment, List<String> keys, List<String> positive, List<String> negative) {}

	/**
	 * A result that is not a clear answer and needs a person: {@code summary} names the finding as
	 * {@code {finding}}.
	 *
	 * @param when pending, not-final, not-stated, uncertain-significance or conflicting
	 */
	public record ResultReview(String id, String when, String summary, String rationale, List<String> citations) {}

	public ResultReview review(String when) {
		return reviews.stream().filter(r -> r.when().equals(when)).findFirst()
				.orElseThrow(() -> new IllegalStateException("result-status.json has no review for '" + when + "'"));
	}
}
