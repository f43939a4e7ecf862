package dev.fusioncds.rules;

import dev.fusioncds.fusion.FusionFinding;
import dev.fusioncds.fusion.FusionFinding.DomainStatement;
import dev.fusioncds.fusion.FusionFinding.Frame;
import dev.fusioncds.knowledge.CoOccurrence;
import dev.fusioncds.knowledge.Drug;
import dev.fusioncds.knowledge.GeneEntry;
import dev.fusioncds.knowledge.Indication;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.Resistance;
import dev.fusioncds.rules.ClinicalContext.DriverResult;
import dev.fusioncds.rules.Suggestion.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Findings a person must look at: co-occurring drivers, non-functional fusions, resistance. */
final class ReviewRules {

	static final String CO_OCCURRING_DRIVER = "CO-OCCURRING-DRIVER";
	static final String NON_FUNCTIONAL = "NON-FUNCTIONAL-FUSION";
	static final String RESISTANCE_NEXT_GENERATION = "NTRK-RESISTANCE-NEXT-GENERATION";

	private final KnowledgeBase knowledge;

	ReviewRules(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
	}

	void coOccurringDrivers(FusionFinding finding, ClinicalContext context, SuggestionSink sink) {
		CoOccurrence co = knowledge.coOccurrence();
		String target = finding.target().symbol();
		if (!co.fusionGenes().contains(target)) {
			return;
		}
		CoOccurrence.EgfrTkiResistance egfr = co.egfrTkiResistance();
		boolean onEgfrTki = knowledge.anyInClass(context.currentDrugs(), egfr.currentDrugClass());
		for (DriverResult driver : context.drivers()) {
			if (!driver.detected() || !co.drivers().contains(driver.gene())) {
				continue;
			}
			if (egfr.fusionGenes().contains(target) && egfr.driver().equals(driver.gene()) && onEgfrTki) {
				sink.add(SuggestionKind.REVIEW, egfr.id(), finding, null, null, egfr.summary(), egfr.rationale(),
						new Evidence(egfr.evidenceLevel(), "Combination not approved; evidence from case reports", null),
						egfr.citations());
				continue;
			}
			sink.add(SuggestionKind.REVIEW, CO_OCCURRING_DRIVER, finding, null, null,
					"Review: " + finding.describe() + " with " + driver.description() + " - co-occurring drivers are rare",
					"Oncogenic fusions rarely co-occur with other drivers (" + String.join(", ", co.drivers())
							+ "). Check for artefact, a second tumor or a resistance mechanism before acting on either.",
					new Evidence(null, null, null), co.citations());
		}
	}

	/** A fusion test that found no NRG1 fusion while ERBB2 is amplified: the amplification is no NRG1 indication. */
	void amplificationIsNotFusion(FusionFinding finding, ClinicalContext context, SuggestionSink sink) {
		CoOccurrence.AmplificationIsNotFusion rule = knowledge.coOccurrence().amplificationIsNotFusion();
		boolean amplified = context.drivers().stream()
				.anyMatch(d -> d.detected() && d.gene().equals(rule.driver()) && d.description().contains("amplification"));
		if (amplified && finding.target().symbol().equals(rule.fusionGene()) && !finding.detected()) {
			sink.add(SuggestionKind.REVIEW, rule.id(), finding, null, null, rule.summary(), rule.rationale(), new Evidence(null, null, null),
					rule.citations());
		}
	}

	/** @return false when the fusion cannot be functional: then no therapy is suggested. */
	boolean functional(FusionFinding finding, SuggestionSink sink) {
		GeneEntry target = knowledge.gene(finding.target().symbol()).orElseThrow();
		String domain = target.domain() == null ? "functional domain" : target.domain().name();
		List<String> reasons = new ArrayList<>();
		if (finding.frame() == Frame.OUT_OF_FRAME) {
			reasons.add("the fusion is out of frame");
		}
		if (finding.functionalNote() == DomainStatement.LOST) {
			reasons.add("the report states the " + domain + " is not retained");
		}
		boolean targetUpstream = finding.fivePrime() != null && finding.threePrime() != null
				&& finding.fivePrime().symbol().equals(target.symbol())
				&& !finding.threePrime().symbol().equals(target.symbol());
		if (targetUpstream && "3prime".equals(target.functionalPartnerPosition())) {
			reasons.add(target.symbol() + " is the 5' partner, so its " + domain + " is not in the fusion product");
		}
		Integer firstDomainExon = target.domain() == null ? null : target.domain().retainedFromExon();
		finding.breakpoints().stream()
				.filter(b -> target.symbol().equals(b.gene()) && b.exon() != null && firstDomainExon != null && b.exon() > firstDomainExon)
				.findFirst()
				.ifPresent(b -> reasons.add("the " + target.symbol() + " breakpoint (exon " + b.exon() + ") drops the " + domain));
		if (reasons.isEmpty()) {
			return true;
		}
		sink.add(SuggestionKind.REVIEW, NON_FUNCTIONAL, finding, null, null,
				"Review: " + finding.describe() + " may be non-functional (" + reasons.get(0) + ")",
				"No targeted therapy is suggested: " + String.join("; ", reasons)
						+ ". Clinically functional fusions keep the target's " + domain + " in frame; confirm by RNA-based NGS.",
				new Evidence(null, null, null), target.citations());
		return false;
	}

	/** NTRK resistance mutation or a first-generation TRK inhibitor already given → next generation. */
	boolean resistance(FusionFinding finding, ClinicalContext context, Jurisdiction jurisdiction, SuggestionSink sink) {
		if (!finding.target().symbol().startsWith("NTRK")) {
			return false;
		}
		Resistance resistance = knowledge.resistance();
		Optional<Resistance.Mutation> mutation = context.mutations().stream()
				.map(m -> knowledge.resistanceMutation(m.gene(), m.change()))
				.flatMap(Optional::stream)
				.findFirst();
		List<String> firstGeneration = context.pastDrugs().stream()
				.map(knowledge::drug)
				.flatMap(Optional::stream)
				.filter(d -> d.inClass(resistance.firstGenerationClass()))
				.map(Drug::name)
				.sorted()
				.toList();
		if (mutation.isEmpty() && firstGeneration.isEmpty()) {
			return false;
		}
		String why = mutation.map(m -> m.gene() + " " + m.change() + " (" + m.mutationClass() + ") confers resistance to "
						+ String.join(" and ", m.resistantTo()))
				.orElse("progression on first-generation TRK inhibitor " + String.join(", ", firstGeneration));
		List<String> citations = new ArrayList<>(resistance.citations());
		mutation.ifPresent(m -> citations.addAll(m.citations()));
		List<Resistance.NextGeneration> options = resistance.nextGeneration().stream()
				.filter(option -> mutation.map(m -> !m.resistantTo().contains(option.drug())).orElse(true))
				.toList();
		if (options.isEmpty()) {
			Resistance.BeyondTypeOne beyond = resistance.beyondTypeOne();
			Resistance.Mutation m = mutation.orElseThrow();
			sink.add(SuggestionKind.REVIEW, beyond.id(), finding, null, null,
					beyond.summary().replace("{mutation}", m.gene() + " " + m.change() + " (" + m.mutationClass() + ")"),
					why + ". " + beyond.rationale(), new Evidence(null, null, null), concat(citations, beyond.citations()));
			return true;
		}
		for (Resistance.NextGeneration option : options) {
			Drug drug = knowledge.drug(option.drug()).orElseThrow();
			Optional<Indication> approved = knowledge.indicationsFor(finding.target().symbol()).stream()
					.filter(i -> option.drug().equals(i.drug()) && i.isApproved() && i.jurisdiction().equals(jurisdiction.name()))
					.findFirst();
			String level = mutation.map(m -> m.levels().get(option.drug())).orElse(null);
			if ("therapy-where-approved".equals(option.route()) && approved.isPresent()) {
				sink.add(SuggestionKind.THERAPY, RESISTANCE_NEXT_GENERATION, finding, drug.id(), null,
						"Next-generation TRK inhibitor " + drug.name() + ": " + shortWhy(mutation, firstGeneration),
						why + ". Do not repeat the first-generation TRK inhibitor.",
						new Evidence(level == null ? approved.get().oncokbLevel() : level, approved.get().regulatorStatus(), null),
						concat(citations, approved.get().citations()));
			} else {
				sink.add(SuggestionKind.TRIAL, RESISTANCE_NEXT_GENERATION, finding, drug.id(), null,
						"Clinical trial: next-generation TRK inhibitor " + drug.name() + " after " + shortWhy(mutation, firstGeneration),
						why + ". " + drug.name() + " is investigational or not approved in " + jurisdiction.name() + " ("
								+ jurisdiction.regulator() + "): access through a clinical trial.",
						new Evidence(level, "Not approved by the " + jurisdiction.regulator() + " for this use", null), citations);
			}
		}
		return true;
	}

	private static String shortWhy(Optional<Resistance.Mutation> mutation, List<String> firstGeneration) {
		return mutation.map(m -> m.gene() + " " + m.change() + " resistance").orElse("progression on " + String.join("/", firstGeneration));
	}

	static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
