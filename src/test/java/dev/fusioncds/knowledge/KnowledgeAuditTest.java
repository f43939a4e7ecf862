package dev.fusioncds.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each fact corrected after the line-by-line audit of the knowledge base (issue 14), with its source. */
class KnowledgeAuditTest {

	static KnowledgeBase knowledge;

	@BeforeAll
	static void load() {
		knowledge = KnowledgeBaseLoader.fromClasspath();
	}

	private static Indication indication(String id) {
		return knowledge.indications().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
	}

	@Test
	void repotrectinibIsAnAcceleratedApprovalFrom12YearsAfterProgressionOrWithoutAlternative() {
		Indication repotrectinib = indication("repotrectinib-ntrk-solid-us");

		assertThat(repotrectinib.status()).isEqualTo("accelerated-approval");
		assertThat(repotrectinib.date()).isEqualTo("2024-06-13");
		assertThat(repotrectinib.minAgeYears()).isEqualTo(12);
		assertThat(repotrectinib.lineOfTherapy()).isEqualTo("no-satisfactory-alternative");
		assertThat(repotrectinib.citations()).contains("fda-repotrectinib-ntrk-2024");
	}

	@Test
	void larotrectinibHasFullApprovalAndKeepsItsHistory() {
		Indication larotrectinib = indication("larotrectinib-ntrk-solid-us");

		assertThat(larotrectinib.status()).isEqualTo("approved");
		assertThat(larotrectinib.regulatorStatus()).contains("accelerated approval 2018-11-26").contains("April 2025");
		assertThat(larotrectinib.citations()).contains("vitrakvi-full-approval-2025");
	}

	@Test
	void responseRatesCarryTheirDenominators() {
		assertThat(indication("larotrectinib-ntrk-solid-us").evidenceSummary()).contains("339 patients").contains("in 55");
		assertThat(indication("entrectinib-ntrk-solid-us").evidenceSummary()).contains("57% of 54 patients");
		assertThat(indication("entrectinib-ntrk-solid-us").citations()).contains("fda-snapshot-rozlytrek");
		assertThat(indication("zenocutuzumab-nrg1-paad-us").evidenceSummary()).contains("DoR 3.7-16.6 months").contains("750 mg IV every 2 weeks");
	}

	@Test
	void biliaryTractCancerIsNotCholangiocarcinoma() {
		assertThat(knowledge.tumorTypesMentionedIn("Biliary tract cancer (gallbladder carcinoma)")).isEmpty();
		assertThat(knowledge.tumorTypesMentionedIn("Intrahepatic cholangiocarcinoma")).extracting(TumorType::id).containsExactly("CHOL");
	}

	@Test
	void xdfgResistsTheNextGenerationTypeOneInhibitorsToo() {
		Resistance.Mutation xdfg = knowledge.resistanceMutation("NTRK3", "G696A").orElseThrow();

		assertThat(xdfg.resistantTo()).contains("repotrectinib", "selitrectinib");
		assertThat(xdfg.citations()).contains("cocco-2021-xdfg");
	}

	@Test
	void theEgfrTkiRetestSkipDependsOnTherapyHistory() {
		RetestRule rule = knowledge.retestRules().stream().filter(r -> r.id().equals("RETEST-NTRK-DNA-NEGATIVE")).findFirst().orElseThrow();

		assertThat(rule.notSkippedAfter()).containsEntry("EGFR", "EGFR-TKI");
		assertThat(knowledge.coOccurrence().egfrTkiResistance().summary()).contains("may be").doesNotContain("likely");
	}

	@Test
	void citationsSayWhatTheSourcesSay() {
		assertThat(knowledge.source("ccr-2019-nrg1").orElseThrow().title()).contains("Detection of NRG1 Gene Fusions in Solid Tumors");
		assertThat(knowledge.source("vitrakvi-label").orElseThrow().url()).contains("0c8ca614-58b2-4aa4-83d3-0387a8f782fd");
		RetestRule fish = knowledge.retestRules().stream().filter(r -> r.id().equals("CONFIRM-FISH-BREAK-APART")).findFirst().orElseThrow();
		assertThat(fish.rationale()).contains("8 of 29");
		assertThat(fish.citations()).contains("dx-path-nrg1-fish").doesNotContain("nrg1-lung-review");
	}

	@Test
	void aRegimenNamesEachOfItsAgents() {
		assertThat(knowledge.drugsMentionedIn("FOLFIRINOX x 6 cycles")).extracting(Drug::id)
				.containsExactlyInAnyOrder("fluorouracil", "leucovorin", "irinotecan", "oxaliplatin");
	}

	@Test
	void partnerGenesCarryTheirHgncIds() {
		for (List<String> gene : List.of(List.of("SDC4", "HGNC:10661"), List.of("SLC3A2", "HGNC:11026"), List.of("CRISPLD2", "HGNC:25248"),
				List.of("TPR", "HGNC:12017"), List.of("QKI", "HGNC:21100"), List.of("ETV6", "HGNC:3495"), List.of("TPM3", "HGNC:12012"),
				List.of("LMNA", "HGNC:6636"))) {
			assertThat(knowledge.gene(gene.get(0)).orElseThrow().hgnc()).as(gene.get(0)).isEqualTo(gene.get(1));
		}
	}

	@Test
	void her2AmplificationIsNoNrg1Indication() {
		CoOccurrence.AmplificationIsNotFusion rule = knowledge.coOccurrence().amplificationIsNotFusion();

		assertThat(rule.driver()).isEqualTo("ERBB2");
		assertThat(rule.fusionGene()).isEqualTo("NRG1");
		assertThat(rule.citations()).containsExactly("bizengri-cca-2026");
	}

	@Test
	void msiHighRasWildTypeColorectalCancerIsEnrichedForNtrkFusions() {
		RetestRule rule = knowledge.retestRules().stream().filter(r -> r.id().equals("RETEST-NTRK-DNA-NEGATIVE-MSI-H-CRC")).findFirst()
				.orElseThrow();

		assertThat(rule.tumorTypes()).containsExactly("CRC");
		assertThat(rule.requiresMsiHigh()).isTrue();
		assertThat(rule.skipIfDetected()).containsExactly("KRAS", "NRAS", "BRAF");
		assertThat(rule.rationale()).contains("5-44%");
		assertThat(knowledge.describesMsiHigh("Microsatellite instability: MSI-H")).isTrue();
		assertThat(knowledge.describesMsiHigh("MSS (microsatellite stable)")).isFalse();
	}
}
