package dev.fusioncds.knowledge;

import java.util.List;
import java.util.Optional;

/**
 * Who should have been tested for which fusion and what counts as adequate testing
 * (screening.json): the populations of {@code $screening-gaps} and the gaps it names.
 */
public record Screening(List<Population> populations, List<Gap> gaps) {

	/**
	 * @param tumorTypes tumor type ids; {@link TumorType#ANY_SOLID} for any solid tumor
	 * @param requiresAdvanced only metastatic or unresectable disease belongs to the population
	 * @param explainedBy drivers whose detected alteration settles the question
	 * @param severity of a gap: high, moderate or low
	 * @param highWhenWildType a gap is high severity when these drivers were tested and none was found
	 */
	public record Population(
			String id,
			List<String> tumorTypes,
			boolean requiresAdvanced,
			List<Target> targets,
			List<String> explainedBy,
			String severity,
			List<String> highWhenWildType,
			String rationale,
			List<String> citations) {}

	/** Genes tested together (an NTRK1/2/3 panel) and the methods whose negative settles them. */
	public record Target(String name, List<String> genes, List<String> adequateNegative) {}

	/** @param test the knowledge-base test that closes the gap */
	public record Gap(String code, String display, String test, String definition, List<String> citations) {}

	public Optional<Gap> gap(String code) {
		return gaps.stream().filter(g -> g.code().equals(code)).findFirst();
	}
}
