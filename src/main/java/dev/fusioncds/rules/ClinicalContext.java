package dev.fusioncds.rules;

import java.util.List;
import java.util.Set;

/**
 * What the rules need to know about the patient besides the fusion results.
 *
 * @param tumorTypes knowledge-base tumor type ids (NSCLC, PAAD, ...) from the patient's Conditions
 * @param solidTumor a solid malignancy is recorded (by type or by diagnosis text)
 * @param tumorRecorded any cancer diagnosis is recorded at all
 * @param extent how far the cancer has spread: labels for advanced disease check it
 * @param msiHigh the tumor is recorded as MSI-high or mismatch-repair deficient
 * @param priorSystemicTherapy any systemic anticancer drug in the medication history
 * @param currentDrugs knowledge-base drug ids the patient is on now
 * @param pastDrugs knowledge-base drug ids the patient has had, current ones included
 * @param ageMonths age in whole months at evaluation, null if the birth date is unknown
 * @param cancerConditions references of the Conditions that record the cancer (evidence of a screening gap)
 */
public record ClinicalContext(
		Set<String> tumorTypes,
		boolean solidTumor,
		boolean tumorRecorded,
		Extent extent,
		boolean msiHigh,
		boolean priorSystemicTherapy,
		Set<String> currentDrugs,
		Set<String> pastDrugs,
		List<DriverResult> drivers,
		List<MutationFinding> mutations,
		Integer ageMonths,
		List<String> cancerConditions) {

	/** How far the cancer has spread, as the record says; {@code evidence} quotes what said it. */
	public record Extent(Kind kind, String evidence) {

		public enum Kind { ADVANCED, EARLY, UNKNOWN }

		public static final Extent UNKNOWN = new Extent(Kind.UNKNOWN, null);
	}

	/** @param detected the alteration is present (false: tested and wild-type / absent) */
	public record DriverResult(String gene, boolean detected, String description, String source) {}

	/** A protein change such as NTRK1 G595R. */
	public record MutationFinding(String gene, String change, String source) {}

	public static ClinicalContext empty() {
		return new ClinicalContext(Set.of(), false, false, Extent.UNKNOWN, false, false, Set.of(), Set.of(), List.of(), List.of(), null, List.of());
	}

	public boolean driverDetected(String gene) {
		return drivers.stream().anyMatch(d -> d.gene().equals(gene) && d.detected());
	}
}
