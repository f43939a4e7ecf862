package dev.fusioncds.knowledge;

import java.util.List;

/** A drug with its codes (RxNorm / NCIt only where confirmed), names and pharmacological classes. */
public record Drug(
		String id,
		String name,
		List<String> brands,
		List<String> synonyms,
		List<String> classes,
		String rxnorm,
		String ncit,
		List<String> citations) {

	public boolean inClass(String drugClass) {
		return classes.contains(drugClass);
	}
}
