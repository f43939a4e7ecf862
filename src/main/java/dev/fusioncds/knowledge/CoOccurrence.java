package dev.fusioncds.knowledge;

import java.util.List;

/** Drivers that rarely co-occur with a fusion, and the EGFR-TKI resistance pattern. */
public record CoOccurrence(
		List<String> fusionGenes, List<String> drivers, List<String> citations, EgfrTkiResistance egfrTkiResistance) {

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
