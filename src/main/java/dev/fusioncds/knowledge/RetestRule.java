package dev.fusioncds.knowledge;

import java.util.List;

/** A finding that calls for another test (e.g. RNA NGS after a DNA-only negative). */
public record RetestRule(
		String id,
		List<String> genes,
		Trigger trigger,
		List<String> tumorTypes,
		List<String> skipIfDetected,
		String test,
		String summary,
		String rationale,
		List<String> citations) {

	/** @param status "detected" or "not-detected"; methods: DNA_NGS, RNA_NGS, FISH, IHC, RT_PCR, UNKNOWN */
	public record Trigger(String status, List<String> methods) {}
}
