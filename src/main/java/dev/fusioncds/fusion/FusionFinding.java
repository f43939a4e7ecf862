package dev.fusioncds.fusion;

import java.time.LocalDate;
import java.util.List;

/**
 * One fusion result about one target gene, whatever encoding it arrived in.
 *
 * @param fivePrime upstream partner; null when the result does not say (rearrangement, break-apart)
 * @param threePrime downstream partner; null when the result does not say
 * @param target the gene the result is about (NRG1, NTRK1, ...)
 * @param breakpoints exon/intron notes as reported, e.g. "SLC3A2 exon 6"
 * @param methodSource where the method was read from: observation.method, report, test-name, none
 * @param functionalNote the lab's own statement about the functional domain, if any ("EGF-like domain retained")
 * @param sourceObservation reference of the Observation the finding was read from
 * @param sourceReport reference of the DiagnosticReport that carried it, or null
 */
public record FusionFinding(
		Gene fivePrime,
		Gene threePrime,
		Gene target,
		Status status,
		List<Breakpoint> breakpoints,
		Frame frame,
		TestMethod method,
		String methodSource,
		String specimen,
		LocalDate date,
		DomainStatement functionalNote,
		String sourceObservation,
		String sourceReport) {

	public enum Status {
		DETECTED,
		NOT_DETECTED,
		INDETERMINATE
	}

	public enum Frame {
		IN_FRAME,
		OUT_OF_FRAME,
		UNKNOWN
	}

	/** What the lab said about the target's functional domain. */
	public enum DomainStatement {
		RETAINED,
		LOST,
		NOT_STATED
	}

	/** @param gene gene symbol the breakpoint is in; exon/intron as numbers when given */
	public record Breakpoint(String gene, Integer exon, Integer intron, String transcript, String text) {}

	public boolean detected() {
		return status == Status.DETECTED;
	}

	/** The partner gene (the one that is not the target), if named. */
	public Gene partner() {
		if (fivePrime != null && !fivePrime.symbol().equals(target.symbol())) {
			return fivePrime;
		}
		if (threePrime != null && !threePrime.symbol().equals(target.symbol())) {
			return threePrime;
		}
		return null;
	}

	/** Short human description: "CD74::NRG1 fusion", "NRG1 rearrangement". */
	public String describe() {
		if (fivePrime != null && threePrime != null) {
			return fivePrime.symbol() + "::" + threePrime.symbol() + " fusion";
		}
		return target.symbol() + (method == TestMethod.IHC ? " (pan-TRK IHC)" : " fusion/rearrangement");
	}
}
