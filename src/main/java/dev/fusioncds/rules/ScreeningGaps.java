package dev.fusioncds.rules;

import dev.fusioncds.fusion.FusionFinding;
import dev.fusioncds.fusion.FusionFinding.Qualifier;
import dev.fusioncds.fusion.FusionFinding.Status;
import dev.fusioncds.fusion.TestMethod;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.Screening;
import dev.fusioncds.knowledge.TumorType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Universal screening for ultra-rare drivers: for a patient whose cancer makes fusion testing
 * relevant (screening.json), whether each target was tested adequately, and if not, which gap is
 * open. Only results that stand count (the newest adequate result per gene governs, as for
 * suggestions). Pure Java over plain values.
 */
public final class ScreeningGaps {

	/** TESTED: an adequate result stands; EXPLAINED: another driver settles it; PENDING: a test is under way. */
	public enum State { TESTED, EXPLAINED, PENDING, GAP }

	public enum Gap { NO_FUSION_TEST, FAILED_NOT_REPEATED, UNCLEAR_NOT_RESOLVED, SCREEN_NOT_CONFIRMED, DNA_ONLY_NEGATIVE, NEGATIVE_METHOD_UNKNOWN;

		/** The code in screening.json and in the screening-gap CodeSystem. */
		public String code() {
			return name().replace('_', '-');
		}
	}

	/**
	 * One population target of one patient.
	 *
	 * @param tumorType the tumor type id the population matched ({@link TumorType#ANY_SOLID} for the tumor-agnostic one)
	 * @param gap the open gap when {@code state} is GAP, else null
	 * @param severity high, moderate or low (of a gap)
	 * @param testId knowledge-base test that closes the gap
	 * @param evidence references of the cancer Conditions and the standing results
	 */
	public record Assessment(String population, String tumorType, String target, List<String> genes, State state, Gap gap,
			String severity, String testId, String detail, List<String> evidence) {}

	private final KnowledgeBase knowledge;

	public ScreeningGaps(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
		for (Gap gap : Gap.values()) {
			knowledge.screening().gap(gap.code())
					.orElseThrow(() -> new IllegalStateException("screening.json does not define the gap " + gap.code()));
		}
	}

	/** Every population target that applies to the patient; empty when fusion testing is not relevant. */
	public List<Assessment> assess(List<FusionFinding> findings, ClinicalContext context) {
		List<Assessment> out = new ArrayList<>();
		for (Screening.Population population : knowledge.screening().populations()) {
			Optional<String> tumor = matchedTumor(population, context, !out.isEmpty());
			if (tumor.isEmpty()) {
				continue;
			}
			for (Screening.Target target : population.targets()) {
				out.add(assess(population, tumor.get(), target, findings, context));
			}
		}
		return List.copyOf(out);
	}

	/** The tumor-agnostic population counts only for advanced disease that no specific population took. */
	private static Optional<String> matchedTumor(Screening.Population population, ClinicalContext context, boolean alreadyMatched) {
		if (population.requiresAdvanced() && context.extent().kind() != ClinicalContext.Extent.Kind.ADVANCED) {
			return Optional.empty();
		}
		if (population.tumorTypes().contains(TumorType.ANY_SOLID)) {
			return context.solidTumor() && !alreadyMatched ? Optional.of(TumorType.ANY_SOLID) : Optional.empty();
		}
		return population.tumorTypes().stream().filter(context.tumorTypes()::contains).sorted().findFirst();
	}

	private Assessment assess(Screening.Population population, String tumor, Screening.Target target, List<FusionFinding> findings,
			ClinicalContext context) {
		List<FusionFinding> tested = findings.stream().filter(f -> target.genes().contains(f.target().symbol())).toList();
		List<FusionFinding> standing = ResultHistory.current(tested, new SuggestionSink(knowledge)).findings();
		List<String> evidence = Stream.concat(context.cancerConditions().stream(), standing.stream().map(FusionFinding::sourceObservation))
				.filter(ref -> ref != null && !ref.isEmpty())
				.distinct()
				.toList();
		State state;
		Gap gap = null;
		if (standing.stream().anyMatch(f -> settles(f, target))) {
			state = State.TESTED;
		} else if (population.explainedBy().stream().anyMatch(context::driverDetected)) {
			state = State.EXPLAINED;
		} else if (standing.stream().anyMatch(f -> f.reading().qualifier() == Qualifier.PENDING)) {
			state = State.PENDING;
		} else {
			state = State.GAP;
			gap = gapOf(standing);
		}
		String testId = gap == null ? null : knowledge.screening().gap(gap.code()).orElseThrow().test();
		String severity = gap == null ? null : severity(population, context);
		return new Assessment(population.id(), tumor, target.name(), target.genes(), state, gap, severity, testId,
				gap == null ? null : detail(population, tumor, target, gap, testId, context), evidence);
	}

	/** A final clear answer: a confirmed (non-screening) positive, or a negative by a method that can exclude the fusion here. */
	private static boolean settles(FusionFinding finding, Screening.Target target) {
		if (!finding.reading().finalResult()) {
			return false;
		}
		return finding.status() == Status.DETECTED ? !finding.method().isScreening()
				: finding.status() == Status.NOT_DETECTED && target.adequateNegative().contains(finding.method().name());
	}

	/** The gap the standing results leave, the most pressing first. */
	private static Gap gapOf(List<FusionFinding> standing) {
		if (standing.isEmpty()) {
			return Gap.NO_FUSION_TEST;
		}
		if (standing.stream().anyMatch(f -> f.reading().qualifier() == Qualifier.FAILED)) {
			return Gap.FAILED_NOT_REPEATED;
		}
		if (standing.stream().anyMatch(f -> f.status() == Status.INDETERMINATE || f.status() == Status.UNCERTAIN || !f.reading().finalResult())) {
			return Gap.UNCLEAR_NOT_RESOLVED;
		}
		if (standing.stream().anyMatch(f -> f.method().isScreening())) {
			return Gap.SCREEN_NOT_CONFIRMED;
		}
		return standing.stream().anyMatch(f -> f.method() == TestMethod.DNA_NGS) ? Gap.DNA_ONLY_NEGATIVE : Gap.NEGATIVE_METHOD_UNKNOWN;
	}

	/** The population's severity, high when its marker drivers were tested and none was found (driver-negative). */
	private static String severity(Screening.Population population, ClinicalContext context) {
		List<String> markers = population.highWhenWildType();
		boolean anyTested = context.drivers().stream().anyMatch(d -> markers.contains(d.gene()));
		boolean noneFound = markers.stream().noneMatch(context::driverDetected);
		return !markers.isEmpty() && anyTested && noneFound ? "high" : population.severity();
	}

	private String detail(Screening.Population population, String tumor, Screening.Target target, Gap gap, String testId,
			ClinicalContext context) {
		Screening.Gap definition = knowledge.screening().gap(gap.code()).orElseThrow();
		String tumorName = knowledge.tumorType(tumor).map(TumorType::name).orElse("Advanced solid tumor");
		Set<String> wildType = new LinkedHashSet<>();
		context.drivers().stream().filter(d -> !d.detected() && population.highWhenWildType().contains(d.gene()))
				.forEach(d -> wildType.add(d.gene()));
		return definition.display() + " for " + target.name() + " (" + tumorName
				+ (wildType.isEmpty() ? "" : "; " + String.join(", ", wildType) + " wild-type") + "). " + definition.definition()
				+ " Proposed: " + knowledge.test(testId).orElseThrow().display() + ". " + population.rationale();
	}
}
