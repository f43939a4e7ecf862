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
 * positive that is not a screening test, or a negative by RNA-based NGS. An amended or corrected
 * result outranks the original of the same date.
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
		return finding.status() == Status.DETECTED ? !finding.method().isScreening()
				: finding.status() == Status.NOT_DETECTED && finding.method() == TestMethod.RNA_NGS;
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
			List<FusionFinding> sameTime = results.stream()
					.filter(ResultHistory::adequate)
					.filter(f -> OLDEST_FIRST.compare(f, newestAdequate) == 0)
					.toList();
			boolean disagree = sameTime.stream().map(FusionFinding::status).distinct().count() > 1;
			for (FusionFinding result : results) {
				if (OLDEST_FIRST.compare(result, newestAdequate) < 0) {
					sink.trace(result.target().symbol() + " result " + result.sourceObservation() + " (" + result.status() + ", "
							+ result.method() + ", " + result.date() + ") superseded by " + newestAdequate.sourceObservation()
							+ " (" + newestAdequate.status() + ", " + newestAdequate.method() + ", " + newestAdequate.date() + ")");
				} else if (disagree && sameTime.contains(result) && result.detected()) {
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
