package dev.fusioncds.rules;

import dev.fusioncds.fusion.FusionFinding;
import dev.fusioncds.fusion.TestMethod;
import dev.fusioncds.knowledge.Drug;
import dev.fusioncds.knowledge.Indication;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.RetestRule;
import dev.fusioncds.rules.Suggestion.Evidence;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The order-sign checks: a DNA-only fusion panel ordered for a tumor where RNA is needed, and a
 * fusion-targeted drug ordered without a qualifying detected fusion on record.
 */
public final class OrderRules {

	static final String DNA_PANEL = "ORDER-DNA-ONLY-FUSION-PANEL";
	static final String DRUG_WITHOUT_FUSION = "ORDER-TARGETED-DRUG-WITHOUT-FUSION";

	private final KnowledgeBase knowledge;

	public OrderRules(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
	}

	public Evaluation evaluate(List<DraftOrder> orders, List<FusionFinding> findings, ClinicalContext context) {
		SuggestionSink sink = new SuggestionSink(knowledge);
		for (DraftOrder order : orders) {
			if (order.isTest()) {
				dnaOnlyPanel(order, context, sink);
			} else {
				order.drugIds().forEach(drug -> targetedDrug(order, drug, findings, sink));
			}
		}
		return sink.evaluation();
	}

	private void dnaOnlyPanel(DraftOrder order, ClinicalContext context, SuggestionSink sink) {
		if (order.method() != TestMethod.DNA_NGS) {
			sink.trace(order.reference() + ": " + order.method() + " order, no DNA-only concern");
			return;
		}
		for (RetestRule rule : knowledge.retestRules()) {
			boolean dnaNegativeRule = "not-detected".equals(rule.trigger().status()) && rule.trigger().methods().contains("DNA_NGS");
			boolean namesGene = rule.genes().stream().anyMatch(order.fusionTargets()::contains);
			boolean tumorMatches = rule.tumorTypes().stream().anyMatch(context.tumorTypes()::contains)
					&& (!rule.requiresMsiHigh() || context.msiHigh());
			if (dnaNegativeRule && namesGene && tumorMatches) {
				String test = knowledge.test(rule.test()).orElseThrow().id();
				sink.add(SuggestionKind.RETEST, DNA_PANEL, order.reference(), String.join("/", rule.genes()), null, test,
						"DNA-only panel ordered: add RNA-based NGS, DNA misses many " + String.join("/", rule.genes()) + " fusions",
						rule.rationale(), new Evidence(null, null, null), rule.citations());
				return;
			}
		}
		sink.trace(order.reference() + ": DNA panel, but no RNA-retest rule covers " + context.tumorTypes());
	}

	private void targetedDrug(DraftOrder order, String drugId, List<FusionFinding> findings, SuggestionSink sink) {
		List<Indication> indications = knowledge.indications().stream().filter(i -> drugId.equals(i.drug())).toList();
		Set<String> targets = new TreeSet<>();
		indications.forEach(i -> targets.addAll(i.genes()));
		if (targets.isEmpty()) {
			return;
		}
		boolean qualifying = findings.stream().anyMatch(f -> f.actionable()
				&& !f.method().isScreening() && targets.contains(f.target().symbol()));
		if (qualifying) {
			sink.trace(order.reference() + ": " + drugId + " backed by a detected " + targets + " fusion");
			return;
		}
		Drug drug = knowledge.drug(drugId).orElseThrow();
		List<String> citations = indications.stream().flatMap(i -> i.citations().stream()).distinct().toList();
		sink.add(SuggestionKind.REVIEW, DRUG_WITHOUT_FUSION, order.reference(), String.join("/", targets), drugId, null,
				drug.name() + " ordered without a detected " + String.join("/", targets) + " fusion on record",
				drug.name() + " is indicated only for tumors with a " + String.join(" or ", targets)
						+ " fusion confirmed by NGS; no such result is on record for this patient (screening IHC/FISH does not qualify).",
				new Evidence(null, null, null), citations);
	}
}
