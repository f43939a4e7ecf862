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
 * result (it replaces what it amends). An amended or corrected result outranks the original of the
 * same date. A positive meets a negative that could refute it (not DNA-only, not screening) on the
 * same date, or with no date to order them by, or a result of the same date or later that still doubts
 * it (pending confirmation, uncertain, unconfirmed): they conflict, and no drug follows.
 */
final class ResultHistory {

	/** The governing results, and the targets whose newest adequate results disagree. */
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

	/** A negative that could refute a positive: final, and neither DNA-only nor a screening test. */
	private static boolean refutes(FusionFinding finding) {
		return finding.reading().finalResult() && finding.status() == Status.NOT_DETECTED
				&& finding.method() != TestMethod.DNA_NGS && !finding.method().isScreening();
	}

	/** A result that still doubts the fusion: pending, or of uncertain significance or unconfirmed. */
	private static boolean doubts(FusionFinding finding) {
		return finding.status() == Status.UNCERTAIN
				|| finding.status() == Status.INDETERMINATE && finding.reading().qualifier() == FusionFinding.Qualifier.PENDING;
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
			if (newestAdequate == null) {
				current.addAll(results);
				continue;
			}
			boolean disagree = newestAdequate.detected() && results.stream()
					.filter(r -> r != newestAdequate)
					.anyMatch(r -> refutes(r) && (OLDEST_FIRST.compare(r, newestAdequate) == 0 || undated(r) || undated(newestAdequate))
							|| doubts(r) && (OLDEST_FIRST.compare(r, newestAdequate) >= 0 || undated(r)));
			for (FusionFinding result : results) {
				if (OLDEST_FIRST.compare(result, newestAdequate) < 0 && !(disagree && refutes(result))) {
					sink.trace(result.target().symbol() + " result " + result.sourceObservation() + " (" + result.status() + ", "
							+ result.method() + ", " + result.date() + ") superseded by " + newestAdequate.sourceObservation()
							+ " (" + newestAdequate.status() + ", " + newestAdequate.method() + ", " + newestAdequate.date() + ")");
				} else if (disagree && result.detected()) {
					conflicting.add(result);
				} else if (redundantDnaNegative(result, newestAdequate)) {
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
