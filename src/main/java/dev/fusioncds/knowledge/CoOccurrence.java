package dev.fusioncds.knowledge;

import java.util.List;

/** Drivers that rarely co-occur with a fusion, and the EGFR-TKI resistance pattern. */
public record CoOccurrence(
		List<String> fusionGenes, List<String> drivers, List<String> citations, EgfrTkiResistance egfrTkiResistance,
		AmplificationIsNotFusion amplificationIsNotFusion) {

	/** An amplified driver (ERBB2) is not the fusion a drug needs (NRG1): said when the fusion test was negative. */
	public record AmplificationIsNotFusion(String id, String driver, String fusionGene, String summary, String rationale,
			List<String> citations) {}

	public record EgfrTkiResistance(
			String id,
			List<String> fusionGenes,
			String driver,
			String currentDrugClass,
			String summary,
			String rationale,
			String evidenceLevel,
			List<String> citations) {}
}
