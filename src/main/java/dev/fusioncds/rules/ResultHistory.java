package dev.fusioncds.rules;

import dev.fusioncds.fusion.FusionFinding;
import dev.fusioncds.fusion.FusionFinding.Status;
import dev.fusioncds.fusion.TestMethod;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Results over time: for one target gene the most recent adequate result governs and every older
 * result of that gene is superseded. Adequate means final and able to settle the question — a
 * positive that is not a screening test, a negative by RNA-based NGS, or any amended or corrected
 * result (it replaces what it amends); an amended or corrected result outranks the original of the
 * same date. A positive that is not superseded is contested by any other result of the gene, of the
 * same time or later (or undated), that does not confirm it — a negative that could refute it (not
 * DNA-only, not screening), a failed, equivocal, pending, uncertain or unconfirmed result: then no
 * drug follows, and the conflict is a review. The answer does not depend on the order of the input.
 */
final class ResultHistory {

	/** The results that stand, and the positives another standing result contests. */
	record Current(List<FusionFinding> findings, List<FusionFinding> conflicting) {}

	private static final Comparator<FusionFinding> OLDEST_FIRST = Comparator
			.comparing((FusionFinding f) -> f.date() == null ? LocalDate.MIN : f.date())
			.thenComparing(f -> f.issued() == null ? Instant.MIN : f.issued())
			.thenComparing(f -> f.reading().revision());

	private ResultHistory() {}

	static boolean adequate(FusionFinding finding) {
		if (!finding.reading().finalResult()) {
			return false;
		}
		if (finding.reading().revision() > 0) {
			return true;
		}
		return finding.status() == Status.DETECTED ? !finding.method().isScreening()
				: finding.status() == Status.NOT_DETECTED && finding.method() == TestMethod.RNA_NGS;
	}

	/** A negative that could refute a positive, final or not: neither DNA-only nor a screening test. */
	private static boolean refutes(FusionFinding finding) {
		return finding.status() == Status.NOT_DETECTED && finding.method() != TestMethod.DNA_NGS && !finding.method().isScreening();
	}

	/** A result that does not confirm a positive: anything but DETECTED, except DNA-only and screening negatives. */
	private static boolean contests(FusionFinding finding) {
		return finding.status() != Status.DETECTED && (finding.status() != Status.NOT_DETECTED || refutes(finding));
	}

	private static boolean undated(FusionFinding finding) {
		return finding.date() == null && finding.issued() == null;
	}

	static Current current(List<FusionFinding> findings, SuggestionSink sink) {
		Map<String, List<FusionFinding>> byTarget = new LinkedHashMap<>();
		findings.forEach(f -> byTarget.computeIfAbsent(f.target().symbol(), t -> new ArrayList<>()).add(f));
		List<FusionFinding> current = new ArrayList<>();
		List<FusionFinding> conflicting = new ArrayList<>();
		for (List<FusionFinding> results : byTarget.values()) {
			FusionFinding newestAdequate = results.stream().filter(ResultHistory::adequate).max(OLDEST_FIRST).orElse(null);
			List<FusionFinding> standing = new ArrayList<>();
			for (FusionFinding result : results) {
				if (newestAdequate != null && OLDEST_FIRST.compare(result, newestAdequate) < 0 && !undated(result)) {
					sink.trace(result.target().symbol() + " result " + result.sourceObservation() + " (" + result.status() + ", "
							+ result.method() + ", " + result.date() + ") superseded by " + newestAdequate.sourceObservation()
							+ " (" + newestAdequate.status() + ", " + newestAdequate.method() + ", " + newestAdequate.date() + ")");
				} else {
					standing.add(result);
				}
			}
			for (FusionFinding result : standing) {
				boolean contested = result.detected() && standing.stream().anyMatch(other -> other != result && contests(other)
						&& (OLDEST_FIRST.compare(other, result) >= 0 || undated(other) || undated(result)));
				if (contested) {
					conflicting.add(result);
				} else if (newestAdequate != null && redundantDnaNegative(result, newestAdequate)) {
					sink.trace(result.sourceObservation() + ": DNA-based negative needs no RNA retest, RNA result "
							+ newestAdequate.sourceObservation() + " exists");
				} else {
					current.add(result);
				}
			}
		}
		return new Current(List.copyOf(current), List.copyOf(conflicting));
	}

	/** A DNA-only or screening negative asks for an RNA retest that an RNA result already answers. */
	private static boolean redundantDnaNegative(FusionFinding result, FusionFinding newestAdequate) {
		return result.status() == Status.NOT_DETECTED && result.method() != TestMethod.RNA_NGS
				&& newestAdequate.method() == TestMethod.RNA_NGS && !Objects.equals(result, newestAdequate);
	}
}
