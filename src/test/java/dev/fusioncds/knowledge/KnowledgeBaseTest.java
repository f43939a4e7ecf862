package dev.fusioncds.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loads and validates every knowledge file (schema + cross-references), Synthea-style. */
class KnowledgeBaseTest {

	static KnowledgeBase knowledge;

	@BeforeAll
	static void load() {
		knowledge = KnowledgeBaseLoader.fromClasspath();
	}

	@Test
	void everyFileLoadsWithAVersionAndAStableContentHash() {
		assertThat(knowledge.version()).matches("\\d{4}\\.\\d{1,2}\\.\\d+");
		assertThat(knowledge.contentHash()).hasSize(64).isEqualTo(KnowledgeBaseLoader.fromClasspath().contentHash());
	}

	@Test
	void approvedSymbolAlwaysMeansItsOwnGene() {
		assertThat(knowledge.resolveGeneSymbol("HRG")).isEmpty();
		assertThat(knowledge.resolveGeneSymbol("TRKA")).map(GeneEntry::symbol).contains("NTRK1");
		assertThat(knowledge.resolveGeneSymbol("her2")).map(GeneEntry::symbol).contains("ERBB2");
		assertThat(knowledge.geneByHgncId("HGNC:7997")).map(GeneEntry::symbol).contains("NRG1");
	}

	@Test
	void zenocutuzumabApprovalsCarryTheirFdaDates() {
		assertThat(knowledge.indicationsFor("NRG1"))
				.filteredOn(i -> "zenocutuzumab".equals(i.drug()) && i.isApproved())
				.extracting(Indication::tumorTypes, Indication::date)
				.containsExactlyInAnyOrder(
						org.assertj.core.groups.Tuple.tuple(java.util.List.of("NSCLC"), "2024-12-04"),
						org.assertj.core.groups.Tuple.tuple(java.util.List.of("PAAD"), "2024-12-04"),
						org.assertj.core.groups.Tuple.tuple(java.util.List.of("CHOL"), "2026-05-08"));
	}

	@Test
	void noNrg1DrugIsApprovedInChina() {
		assertThat(knowledge.indicationsFor("NRG1")).filteredOn(i -> i.jurisdiction().equals("CN")).noneMatch(Indication::isApproved);
	}

	@Test
	void tumorTypesResolveByCodeAndByText() {
		assertThat(knowledge.tumorTypeByCode("snomed", "254637007")).map(TumorType::id).contains("NSCLC");
		assertThat(knowledge.tumorTypeByCode("icd10", "C22.1")).map(TumorType::id).contains("CHOL");
		assertThat(knowledge.tumorTypeByCode("oncotree", "MASC")).isEmpty();
		assertThat(knowledge.tumorTypesMentionedIn("Mammary-analogue secretory carcinoma of the parotid"))
				.extracting(TumorType::id).containsExactly("HNMASC");
	}

	@Test
	void methodsAreReadFromLabWording() {
		assertThat(knowledge.methodNamedIn("Targeted RNA fusion panel (anchored multiplex PCR)")).contains("RNA_NGS");
		assertThat(knowledge.methodNamedIn("DNA-based NGS, hybrid capture")).contains("DNA_NGS");
		assertThat(knowledge.methodNamedIn("Comprehensive profiling, DNA + RNA")).contains("RNA_NGS");
		assertThat(knowledge.methodNamedIn("Next-generation sequencing")).isEmpty();
	}

	@Test
	void drugsAreFoundByBrandAndCodeName() {
		assertThat(knowledge.drugsMentionedIn("Vitrakvi 100 mg BID")).extracting(Drug::id).containsExactly("larotrectinib");
		assertThat(knowledge.drugsMentionedIn("LOXO-195 on trial")).extracting(Drug::id).containsExactly("selitrectinib");
	}
}
