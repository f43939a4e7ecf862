package dev.fusioncds.knowledge;

import java.util.List;

/**
 * How a record says how far the cancer has spread (disease-extent.json): stage-group Observation
 * codes, phrases for advanced and for early or resected disease, and the review given when a label
 * for advanced disease meets early disease.
 */
public record DiseaseExtentPhrases(
		List<StageGroupCode> stageGroupCodes,
		List<String> advancedPhrases,
		List<String> earlyPhrases,
		List<String> negations,
		EarlyStageReview earlyStageReview,
		List<String> citations) {

	public record StageGroupCode(String system, String code, String display) {}

	/** @param summary names the drug as {@code {drug}} */
	public record EarlyStageReview(String id, String summary, String rationale, List<String> citations) {}
}
