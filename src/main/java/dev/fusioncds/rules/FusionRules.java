package dev.fusioncds.rules;

import dev.fusioncds.fusion.FusionFinding;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.Indication;
import dev.fusioncds.knowledge.RetestRule;
import java.util.List;
import java.util.TreeSet;

/**
 * The decision logic: (findings, clinical context, knowledge, jurisdiction) → suggestions. Pure
 * Java over plain values, so every clinical rule is testable in milliseconds.
 */
public final class FusionRules {

	private final KnowledgeBase knowledge;
	private final TherapyRules therapy;
	private final RetestRules retest;
	private final ReviewRules review;
	private final UnclearResultRules unclear;

	public FusionRules(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
		this.therapy = new TherapyRules(knowledge);
		this.retest = new RetestRules(knowledge);
		this.review = new ReviewRules(knowledge);
		this.unclear = new UnclearResultRules(knowledge, retest);
	}

	public Evaluation evaluate(List<FusionFinding> findings, ClinicalContext context, Jurisdiction jurisdiction) {
		SuggestionSink sink = new SuggestionSink(knowledge);
		if (findings.isEmpty()) {
			sink.trace("no fusion findings in the input");
		}
		ResultHistory.Current current = ResultHistory.current(findings, sink);
		for (FusionFinding finding : current.findings()) {
			sink.trace("finding " + finding.describe() + " " + finding.status() + "/" + finding.reading().qualifier()
					+ " (" + finding.reading().source() + ": " + finding.reading().evidence() + ") by " + finding.method()
					+ ", result status " + finding.reading().resultStatus() + " (" + finding.sourceObservation() + ")");
			switch (finding.status()) {
				case DETECTED -> {
					if (finding.actionable()) {
						detected(finding, context, jurisdiction, sink);
					} else {
						unclear.notFinal(finding, sink);
					}
				}
				case NOT_DETECTED -> {
					retest.afterNegative(finding, context, sink);
					review.amplificationIsNotFusion(finding, context, sink);
				}
				case INDETERMINATE, UNCERTAIN -> unclear.apply(finding, sink);
			}
		}
		current.conflicting().forEach(finding -> unclear.conflicting(finding, sink));
		return sink.evaluation();
	}

	/** Every rule id a suggestion can carry with this knowledge: published as the rule CodeSystem. */
	public List<String> ruleIds() {
		TreeSet<String> ids = new TreeSet<>(List.of(TherapyRules.FIRST_LINE, TherapyRules.AGE, TherapyRules.TISSUE_RNA,
				TherapyRules.TUMOR_UNKNOWN, TherapyRules.NOT_APPROVED_HERE, ReviewRules.CO_OCCURRING_DRIVER,
				ReviewRules.NON_FUNCTIONAL, ReviewRules.RESISTANCE_NEXT_GENERATION, knowledge.resistance().beyondTypeOne().id(),
				knowledge.coOccurrence().egfrTkiResistance().id(), OrderRules.DNA_PANEL, OrderRules.DRUG_WITHOUT_FUSION));
		for (Indication indication : knowledge.indications()) {
			ids.add((indication.isApproved() ? "THERAPY:" : "ACCESS:") + indication.id());
		}
		knowledge.retestRules().stream().map(RetestRule::id).forEach(ids::add);
		knowledge.resultVocabulary().reviews().forEach(r -> ids.add(r.id()));
		ids.add(knowledge.diseaseExtent().earlyStageReview().id());
		ids.add(knowledge.coOccurrence().amplificationIsNotFusion().id());
		return List.copyOf(ids);
	}

	private void detected(FusionFinding finding, ClinicalContext context, Jurisdiction jurisdiction, SuggestionSink sink) {
		if (finding.method().isScreening()) {
			retest.confirmScreening(finding, sink);
			return;
		}
		review.coOccurringDrivers(finding, context, sink);
		if (!review.functional(finding, sink)) {
			return;
		}
		if (review.resistance(finding, context, jurisdiction, sink)) {
			return;
		}
		therapy.indications(finding, context, jurisdiction, sink);
	}
}
