package dev.fusioncds.knowledge;

import java.util.List;
import java.util.Map;

/**
 * A finding that calls for another test (e.g. RNA NGS after a DNA-only negative).
 *
 * @param skipIfDetected drivers whose detected alteration makes the rule moot (drivers rarely co-occur)
 * @param notSkippedAfter driver → drug class: after a drug of that class the driver no longer makes the
 *     rule moot (an NTRK fusion may be the resistance mechanism after an EGFR TKI)
 * @param requiresMsiHigh the rule is for MSI-high / mismatch-repair-deficient tumors only
 */
public record RetestRule(
		String id,
		List<String> genes,
		Trigger trigger,
		List<String> tumorTypes,
		List<String> skipIfDetected,
		Map<String, String> notSkippedAfter,
		boolean requiresMsiHigh,
		String test,
		String summary,
		String rationale,
		List<String> citations) {

	/** @param status "detected" or "not-detected"; methods: DNA_NGS, RNA_NGS, FISH, IHC, RT_PCR, UNKNOWN */
	public RetestRule {
		notSkippedAfter = notSkippedAfter == null ? Map.of() : Map.copyOf(notSkippedAfter);
	}

	public record Trigger(String status, List<String> methods) {}
}
