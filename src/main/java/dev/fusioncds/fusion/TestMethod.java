package dev.fusioncds.fusion;

/** How a fusion result was obtained; decides what it proves and what to retest with. */
public enum TestMethod {
	DNA_NGS,
	RNA_NGS,
	FISH,
	IHC,
	RT_PCR,
	UNKNOWN;

	/** Screening methods show a signal, not a confirmed functional fusion. */
	public boolean isScreening() {
		return this == FISH || this == IHC || this == RT_PCR;
	}
}
