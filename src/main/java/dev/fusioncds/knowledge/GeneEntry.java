package dev.fusioncds.knowledge;

import java.util.List;

/**
 * A gene the engine knows: fusion target, common partner or other driver.
 *
 * @param functionalPartnerPosition for fusion targets, where the gene must sit for the fusion to
 *     keep its functional domain ("3prime": NRG1 and NTRK genes are the downstream partner)
 * @param domain the functional domain and the first exon it needs, when curated (null = unknown)
 */
public record GeneEntry(
		String symbol,
		String hgnc,
		String role,
		List<String> aliases,
		String functionalPartnerPosition,
		Domain domain,
		List<String> citations) {

	public record Domain(String name, Integer retainedFromExon) {}

	public boolean isFusionTarget() {
		return "fusion-target".equals(role);
	}
}
