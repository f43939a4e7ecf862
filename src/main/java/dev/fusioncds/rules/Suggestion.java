package dev.fusioncds.rules;

import dev.fusioncds.knowledge.Source;
import java.util.List;

/**
 * One thing the engine suggests, in plain values; {@code suggest/} turns it into FHIR and cards.
 *
 * @param summary one clinician-readable line, at most 140 characters
 * @param ruleId which rule produced it (stable across knowledge versions)
 * @param drugId knowledge-base drug id for therapy / trial suggestions, else null
 * @param testId knowledge-base test id for retest suggestions, else null
 * @param sourceFindings references of the input Observations the suggestion rests on
 * @param target the fusion target gene symbol
 */
public record Suggestion(
		SuggestionKind kind,
		String summary,
		String rationale,
		Evidence evidence,
		List<Source> citations,
		String ruleId,
		String knowledgeVersion,
		List<String> sourceFindings,
		String target,
		String drugId,
		String testId) {

	public static final int MAX_SUMMARY = 140;

	public Suggestion {
		if (summary.length() > MAX_SUMMARY) {
			summary = summary.substring(0, MAX_SUMMARY - 1) + "\u2026";
		}
		citations = List.copyOf(citations);
		sourceFindings = List.copyOf(sourceFindings);
	}

	/** @param level OncoKB-style level ("1", "3A", "R1") or a plain evidence level ("case reports") */
	public record Evidence(String level, String regulatorStatus, String summary) {}

	/**
	 * Same rule, same source results, same drug/test and the same content: the key that makes output
	 * deterministic and idempotent. The knowledge version is deliberately not part of it, so a
	 * knowledge update that leaves a suggestion unchanged leaves its resources alone.
	 */
	public String identityKey() {
		return String.join("|", ruleId, kind.code(), String.join(",", sourceFindings), drugId == null ? "" : drugId,
				testId == null ? "" : testId, summary, rationale, String.valueOf(evidence),
				String.join(",", citations.stream().map(Source::id).toList()));
	}
}
