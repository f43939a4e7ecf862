package dev.fusioncds.fusion;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One fusion result about one target gene, whatever encoding it arrived in.
 *
 * @param fivePrime upstream partner; null when the result does not say (rearrangement, break-apart)
 * @param threePrime downstream partner; null when the result does not say
 * @param target the gene the result is about (NRG1, NTRK1, ...)
 * @param reading what the result says about the target, and where that was read
 * @param breakpoints exon/intron notes as reported, e.g. "SLC3A2 exon 6"
 * @param methodSource where the method was read from: observation.method, report, test-name, none
 * @param date when the specimen was taken (effective), else when the result was issued
 * @param issued when the result was issued, to order results of one day; null when not given
 * @param functionalNote the lab's own statement about the functional domain, if any ("EGF-like domain retained")
 * @param sourceObservation reference of the Observation the finding was read from
 * @param sourceReport reference of the DiagnosticReport that carried it, or null
 */
public record FusionFinding(
		Gene fivePrime,
		Gene threePrime,
		Gene target,
		Reading reading,
		List<Breakpoint> breakpoints,
		Frame frame,
		TestMethod method,
		String methodSource,
		String specimen,
		LocalDate date,
		Instant issued,
		DomainStatement functionalNote,
		String sourceObservation,
		String sourceReport) {

	/** What a result says about its target. Only DETECTED, from a final result, can lead to a drug. */
	public enum Status {
		DETECTED,
		NOT_DETECTED,
		/** failed, insufficient, equivocal, inconclusive, cancelled, pending, or nothing stated */
		INDETERMINATE,
		/** uncertain significance; historical, outside or unconfirmed reports */
		UNCERTAIN
	}

	/** Which kind of INDETERMINATE or UNCERTAIN result this is; NONE for the clear answers. */
	public enum Qualifier {
		NONE,
		FAILED,
		EQUIVOCAL,
		PENDING,
		NOT_STATED,
		SIGNIFICANCE_UNCERTAIN,
		UNCONFIRMED
	}

	/**
	 * @param source where the status was read: value-code, interpretation, data-absent-reason,
	 *     clinical-significance, value-text, note, report-conclusion-code, report-conclusion, none
	 * @param evidence the code or phrase that stated it
	 * @param resultStatus the Observation's status code (final, amended, preliminary...)
	 * @param finalResult the result (and its report) is final, amended or corrected
	 */
	public record Reading(Status status, Qualifier qualifier, String source, String evidence, String resultStatus, boolean finalResult) {

		/** An amended or corrected result outranks the original of the same date. */
		public int revision() {
			return "amended".equals(resultStatus) || "corrected".equals(resultStatus) ? 1 : 0;
		}
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

	public Status status() {
		return reading.status();
	}

	public boolean detected() {
		return reading.status() == Status.DETECTED;
	}

	/** A clear positive from a final result: the only finding that may lead to a drug. */
	public boolean actionable() {
		return detected() && reading.finalResult();
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
