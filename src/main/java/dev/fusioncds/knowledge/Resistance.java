package dev.fusioncds.knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** TRK kinase-domain resistance mutations and the next-generation options after first-generation failure. */
public record Resistance(
		List<Mutation> mutations, String firstGenerationClass, List<NextGeneration> nextGeneration, BeyondTypeOne beyondTypeOne,
		List<String> citations) {

	/** The review when a mutation resists every next-generation option too (xDFG); {@code summary} names it as {mutation}. */
	public record BeyondTypeOne(String id, String summary, String rationale, List<String> citations) {}

	public record Mutation(
			String gene, String change, @JsonProperty("class") String mutationClass, List<String> resistantTo, Map<String, String> levels,
			List<String> citations) {}

	/** @param route "therapy-where-approved" or "trial" */
	public record NextGeneration(String drug, String route) {}
}
