package dev.fusioncds.rules;

import dev.fusioncds.fusion.FusionFinding;
import dev.fusioncds.fusion.TestMethod;
import dev.fusioncds.knowledge.DiseaseExtentPhrases;
import dev.fusioncds.knowledge.Drug;
import dev.fusioncds.knowledge.Indication;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.TestDefinition;
import dev.fusioncds.rules.Suggestion.Evidence;
import java.util.List;

/** Detected functional fusion → the drugs indicated for it here, with the label's conditions checked. */
final class TherapyRules {

	static final String FIRST_LINE = "LABEL-PRIOR-THERAPY-NOT-RECORDED";
	static final String AGE = "LABEL-AGE-NOT-COVERED";
	static final String TISSUE_RNA = "LABEL-TISSUE-RNA-REQUIRED";
	static final String TUMOR_UNKNOWN = "TUMOR-TYPE-NOT-RECORDED";
	static final String NOT_APPROVED_HERE = "NO-APPROVAL-IN-JURISDICTION";
	static final String RNA_TEST = "RNA_NGS";

	private final KnowledgeBase knowledge;

	TherapyRules(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
	}

	void indications(FusionFinding finding, ClinicalContext context, Jurisdiction jurisdiction, SuggestionSink sink) {
		String gene = finding.target().symbol();
		// a fusion without a recorded tumor is treated as a solid tumor of unknown type
		boolean solid = context.solidTumor() || !context.tumorRecorded();
		List<Indication> covering = knowledge.indicationsFor(gene).stream()
				.filter(i -> context.tumorTypes().stream().anyMatch(t -> i.coversTumor(t, solid)) || i.coversTumor("", solid))
				.toList();
		if (!context.tumorRecorded()) {
			sink.add(SuggestionKind.REVIEW, TUMOR_UNKNOWN, finding, null, null,
					"Record the tumor type to check label conditions for " + finding.describe(),
					"No cancer diagnosis (Condition) was found for the patient; tumor-specific indications cannot be evaluated.",
					new Evidence(null, null, null), List.of("oncotree-2025"));
		}
		List<Indication> here = covering.stream().filter(i -> i.jurisdiction().equals(jurisdiction.name())).toList();
		List<Indication> approvedHere = here.stream().filter(Indication::isApproved).toList();
		// a tumor-specific approval wins over a broader investigational row for the same drug
		for (Indication indication : approvedHere) {
			therapy(finding, context, indication, sink);
		}
		for (Indication route : here) {
			boolean drugApprovedHere = approvedHere.stream().anyMatch(a -> a.drug() != null && a.drug().equals(route.drug()));
			if (!route.isApproved() && !drugApprovedHere) {
				access(finding, route, jurisdiction, sink);
			}
		}
		if (here.isEmpty()) {
			covering.stream().filter(Indication::isApproved).filter(i -> i.drug() != null).forEach(foreign ->
					notApprovedHere(finding, foreign, jurisdiction, sink));
		}
		if (covering.isEmpty()) {
			sink.trace("no indication in the knowledge base covers " + gene + " in " + context.tumorTypes());
		}
	}

	private void therapy(FusionFinding finding, ClinicalContext context, Indication indication, SuggestionSink sink) {
		Drug drug = knowledge.drug(indication.drug()).orElseThrow();
		if (!ageCovered(indication, context.ageMonths())) {
			sink.add(SuggestionKind.REVIEW, AGE, finding, drug.id(), null,
					"Review: " + drug.name() + " label does not cover this patient's age",
					indication.regulatorStatus() + ". The patient's age is outside the labelled population.",
					evidence(indication), indication.citations());
			return;
		}
		ClinicalContext.Extent extent = context.extent();
		if (indication.requiresAdvancedDisease() && extent.kind() == ClinicalContext.Extent.Kind.EARLY) {
			DiseaseExtentPhrases.EarlyStageReview early = knowledge.diseaseExtent().earlyStageReview();
			sink.add(SuggestionKind.REVIEW, early.id(), finding, drug.id(), null, early.summary().replace("{drug}", drug.name()),
					early.rationale() + " Recorded: \u201c" + extent.evidence() + "\u201d. " + indication.regulatorStatus() + ".",
					evidence(indication), ReviewRules.concat(early.citations(), indication.citations()));
			return;
		}
		String extentNote = indication.requiresAdvancedDisease() && extent.kind() == ClinicalContext.Extent.Kind.UNKNOWN
				? " Label condition: advanced (unresectable or metastatic) disease; the disease extent is not recorded."
				: "";
		String note = finding.partner() == null && finding.breakpoints().isEmpty() && finding.method() != TestMethod.RNA_NGS
				? " Partner and breakpoints are not reported: confirm the fusion by RNA-based NGS."
				: "";
		String warnings = indication.warnings() == null || indication.warnings().isEmpty()
				? ""
				: " Warnings: " + String.join("; ", indication.warnings()) + ".";
		sink.add(SuggestionKind.THERAPY, "THERAPY:" + indication.id(), finding, drug.id(), null,
				"Consider " + drug.name() + " for " + finding.describe() + " (" + statusLabel(indication) + ")",
				indication.regulatorStatus() + ". " + indication.evidenceSummary() + "." + extentNote + note + warnings,
				evidence(indication), indication.citations());
		if (indication.requiresPriorSystemicTherapy() && !context.priorSystemicTherapy()) {
			sink.add(SuggestionKind.REVIEW, FIRST_LINE, finding, drug.id(), null,
					"No prior systemic therapy recorded: standard first-line care applies before " + drug.name(),
					"The label covers progression on or after prior systemic therapy. NRG1 fusions do not change "
							+ "staging-based standard care; early stage disease is treated surgically first.",
					evidence(indication), ReviewRules.concat(indication.citations(), List.of("nrg1-lung-review")));
		}
		if (indication.requiresTissueRna() && finding.method() != TestMethod.RNA_NGS) {
			TestDefinition rna = knowledge.test(RNA_TEST).orElseThrow();
			sink.add(SuggestionKind.RETEST, TISSUE_RNA, finding, null, rna.id(),
					"Confirm " + finding.describe() + " by tissue RNA sequencing, as the label requires",
					"The label asks for NRG1 fusion detection by tissue-based RNA sequencing; this result came from "
							+ finding.method() + ".",
					evidence(indication), indication.citations());
		}
	}

	private void access(FusionFinding finding, Indication route, Jurisdiction jurisdiction, SuggestionSink sink) {
		String what = route.drug() == null
				? "clinical trial or cross-border access"
				: ("off-label".equals(route.status()) ? "off-label " : "trial access to ") + knowledge.drug(route.drug()).orElseThrow().name();
		sink.add(SuggestionKind.TRIAL, "ACCESS:" + route.id(), finding, route.drug(), null,
				"No " + jurisdiction.regulator() + "-approved drug for " + finding.describe() + ": consider " + what,
				route.regulatorStatus() + ". " + route.evidenceSummary() + ".",
				new Evidence(route.oncokbLevel() != null ? route.oncokbLevel() : "off-label".equals(route.status()) ? "case reports" : null,
						route.regulatorStatus(), route.evidenceSummary()),
				route.citations());
	}

	private void notApprovedHere(FusionFinding finding, Indication foreign, Jurisdiction jurisdiction, SuggestionSink sink) {
		Drug drug = knowledge.drug(foreign.drug()).orElseThrow();
		sink.add(SuggestionKind.TRIAL, NOT_APPROVED_HERE, finding, drug.id(), null,
				"No " + jurisdiction.regulator() + " approval of " + drug.name() + " recorded: consider a trial or expanded access",
				"The knowledge base records no " + jurisdiction.regulator() + " approval of " + drug.name() + " for this use; "
						+ "elsewhere: " + foreign.regulatorStatus() + ".",
				new Evidence(foreign.oncokbLevel(), "No " + jurisdiction.regulator() + " approval recorded", foreign.evidenceSummary()),
				foreign.citations());
	}

	private static boolean ageCovered(Indication indication, Integer ageMonths) {
		if (ageMonths == null) {
			return true;
		}
		if (indication.minAgeYears() != null && ageMonths < indication.minAgeYears() * 12) {
			return false;
		}
		return indication.minAgeMonths() == null || ageMonths >= indication.minAgeMonths();
	}

	private static String statusLabel(Indication indication) {
		return switch (indication.status()) {
			case "accelerated-approval" -> indication.jurisdiction() + " accelerated approval";
			case "approved" -> indication.jurisdiction() + " approved";
			default -> indication.status();
		};
	}

	private static Evidence evidence(Indication indication) {
		return new Evidence(indication.oncokbLevel(), indication.regulatorStatus(), indication.evidenceSummary());
	}
}
