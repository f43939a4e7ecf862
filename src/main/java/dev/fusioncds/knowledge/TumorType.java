package dev.fusioncds.knowledge;

import java.util.List;

/** A tumor type the rules name, with the codes and phrases that identify it. */
public record TumorType(
		String id,
		String name,
		List<String> oncotree,
		List<String> snomed,
		List<String> icd10,
		List<String> phrases,
		List<String> citations) {

	/** Pseudo tumor type in indications and rules: any solid tumor. */
	public static final String ANY_SOLID = "ANY_SOLID";
}
