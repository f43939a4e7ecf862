package dev.fusioncds.knowledge;

import java.util.List;

/**
 * A drug for a fusion target gene in some tumor types in one jurisdiction, with its regulatory
 * status and label conditions. {@code drug} is null for a drug-less route (clinical trials).
 */
public record Indication(
		String id,
		String drug,
		List<String> genes,
		List<String> tumorTypes,
		String jurisdiction,
		String status,
		String date,
		String lineOfTherapy,
		String diseaseExtent,
		Integer minAgeYears,
		Integer minAgeMonths,
		String testing,
		String oncokbLevel,
		String regulatorStatus,
		String evidenceSummary,
		List<String> warnings,
		List<String> citations) {

	public boolean isApproved() {
		return "approved".equals(status) || "accelerated-approval".equals(status);
	}

	public boolean requiresPriorSystemicTherapy() {
		return "after-prior-systemic-therapy".equals(lineOfTherapy);
	}

	/** The label covers advanced (unresectable or metastatic) disease only. */
	public boolean requiresAdvancedDisease() {
		return "advanced".equals(diseaseExtent);
	}

	public boolean requiresTissueRna() {
		return "tissue-rna".equals(testing);
	}

	public boolean coversTumor(String tumorTypeId, boolean solid) {
		return tumorTypes.contains(tumorTypeId) || (solid && tumorTypes.contains(TumorType.ANY_SOLID));
	}

	public boolean isTumorSpecific() {
		return !tumorTypes.contains(TumorType.ANY_SOLID);
	}
}
