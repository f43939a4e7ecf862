package dev.fusioncds.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.fusion.FusionFinding.Qualifier;
import dev.fusioncds.fusion.FusionFinding.Status;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatusTextTest {

	static StatusText text;

	@BeforeAll
	static void load() {
		KnowledgeBase knowledge = KnowledgeBaseLoader.fromClasspath();
		text = new StatusText(knowledge, new FusionTextParser(knowledge));
	}

	private static Status about(String said, String gene) {
		StatusText.Said about = text.read(said, false).about(gene);
		return about == null ? null : about.status();
	}

	@Test
	void preTriggerNegatesEveryGeneOfAList() {
		assertThat(about("No NRG1 or NTRK1/2/3 fusions detected", "NRG1")).isEqualTo(Status.NOT_DETECTED);
		assertThat(about("No NRG1 or NTRK1/2/3 fusions detected", "NTRK2")).isEqualTo(Status.NOT_DETECTED);
		assertThat(about("No fusions were detected in NRG1, NTRK1, NTRK2 or NTRK3", "NTRK3")).isEqualTo(Status.NOT_DETECTED);
	}

	@Test
	void postTriggerReachesBackOverAList() {
		assertThat(about("NRG1, NTRK1-3: not detected", "NRG1")).isEqualTo(Status.NOT_DETECTED);
		assertThat(about("NRG1, NTRK1-3: not detected", "NTRK2")).isEqualTo(Status.NOT_DETECTED);
	}

	@Test
	void eachGeneKeepsItsOwnStatementInOneClause() {
		assertThat(about("NRG1 fusion negative, NTRK1 fusion positive", "NRG1")).isEqualTo(Status.NOT_DETECTED);
		assertThat(about("NRG1 fusion negative, NTRK1 fusion positive", "NTRK1")).isEqualTo(Status.DETECTED);
		assertThat(about("No NTRK fusion detected, CD74-NRG1 fusion detected", "NRG1")).isEqualTo(Status.DETECTED);
		assertThat(about("No NTRK fusion detected, CD74-NRG1 fusion detected", "NTRK1")).isEqualTo(Status.NOT_DETECTED);
	}

	@Test
	void otherGenesStatementsDoNotReachTheTarget() {
		assertThat(about("EGFR wild-type, CD74-NRG1 fusion detected", "NRG1")).isEqualTo(Status.DETECTED);
		assertThat(about("CD74-NRG1 fusion detected. PD-L1 negative. KRAS wild-type.", "NRG1")).isEqualTo(Status.DETECTED);
		assertThat(about("CD74-NRG1 fusion detected, negative for EGFR, ALK and ROS1", "NRG1")).isEqualTo(Status.DETECTED);
	}

	@Test
	void pseudoTriggersSayNothing() {
		assertThat(about("NRG1 fusion: not detected. Positive and negative controls performed appropriately.", "NRG1"))
				.isEqualTo(Status.NOT_DETECTED);
		assertThat(about("CD74-NRG1 fusion detected. A negative result does not exclude a fusion.", "NRG1")).isEqualTo(Status.DETECTED);
	}

	@Test
	void aGeneLessClauseStatesTheResultOfTheTestedGenes() {
		assertThat(about("Negative", "NTRK1")).isEqualTo(Status.NOT_DETECTED);
		assertThat(about("CD74-NRG1 fusion. Not confirmed on this specimen.", "NRG1")).isEqualTo(Status.UNCERTAIN);
		assertThat(about("CD74-NRG1 fusion detected. No other fusions detected.", "NRG1")).isEqualTo(Status.DETECTED);
	}

	@Test
	void failureOutranksEquivocalAndUncertaintyOutranksAffirmation() {
		StatusText.Said failed = text.read("NRG1 fusion analysis indeterminate: insufficient RNA", false).about("NRG1");
		assertThat(failed.status()).isEqualTo(Status.INDETERMINATE);
		assertThat(failed.qualifier()).isEqualTo(Qualifier.FAILED);
		assertThat(about("Possible CD74-NRG1 fusion detected at low level", "NRG1")).isIn(Status.UNCERTAIN, Status.INDETERMINATE);
		assertThat(about("SDC4-NRG1 fusion of uncertain significance", "NRG1")).isEqualTo(Status.UNCERTAIN);
	}

	@Test
	void aNamedFusionIsAFindingOnlyAsTheValueAndNotAsATestName() {
		assertThat(text.read("SLC3A2-NRG1 (exon 6)", true).about("NRG1").status()).isEqualTo(Status.DETECTED);
		assertThat(text.read("SLC3A2-NRG1 (exon 6)", false).about("NRG1")).isNull();
		assertThat(text.read("NRG1 fusion analysis", true).about("NRG1")).isNull();
	}

	@Test
	void recommendationsDoNotNameTheMethodUsed() {
		assertThat(text.withoutRecommendations("NRG1 FISH positive. Confirmation by RNA sequencing is recommended."))
				.doesNotContain("RNA");
	}

	@Test
	void aNegativeHeadlineWithADetectedWordIsNegative() {
		assertThat(about("Fusions detected: None", "NRG1")).isEqualTo(Status.NOT_DETECTED);
		assertThat(about("No known pathogenic fusions detected.", "NRG1")).isEqualTo(Status.NOT_DETECTED);
		assertThat(about("Number of fusions detected: 0", "NRG1")).isEqualTo(Status.NOT_DETECTED);
	}

	@Test
	void aValueThatSaysMoreThanTheFusionsNameIsNoFinding() {
		for (String value : List.of("NRG1 fusion: nil", "NRG1 fusion", "NRG1, NTRK1, NTRK2, NTRK3 fusions", "CD74-NRG1 fusion?",
				"NRG1 fusion supporting reads: 0", "Tentative CD74-NRG1 fusion", "NRG1 fusion (-)")) {
			StatusText.Said said = text.read(value, true).about(value.contains("NTRK1,") ? "NTRK1" : "NRG1");
			assertThat(said == null ? null : said.status()).as(value).isNotEqualTo(Status.DETECTED);
		}
	}

	@Test
	void aSentenceAboutSomethingElseAffirmsNothing() {
		for (String note : List.of("Adequate tumor present (40%).", "Sample identity confirmed by SNP fingerprinting.",
				"Amplification control: positive.", "Tumor cells are positive for napsin-A.")) {
			assertThat(about(note, "NRG1")).as(note).isNull();
		}
	}

	@Test
	void aListAcrossLinesKeepsItsNegation() {
		assertThat(text.read("Negative for: EGFR mutation; ALK rearrangement; NRG1 fusion; NTRK1/2/3 fusion", true).about("NRG1"))
				.isNull();
		assertThat(about("NRG1 fusion\nResult: Not detected (no other alterations)", "NRG1")).isEqualTo(Status.NOT_DETECTED);
	}

	@Test
	void flattenedFlagsAreRead() {
		assertThat(about("NRG1 FUSION DETECTED|N|", "NRG1")).isEqualTo(Status.NOT_DETECTED);
		assertThat(about("NRG1_FUSION detected=false", "NRG1")).isEqualTo(Status.NOT_DETECTED);
	}

	@Test
	void capitalWordsAreNotGenes() {
		assertThat(about("CD74-NRG1 FUSION DETECTED. RNA QC CRITERIA NOT MET.", "NRG1")).isEqualTo(Status.INDETERMINATE);
	}

	@Test
	void backgroundAndPartnerSentencesAreReadForWhatTheyAre() {
		assertThat(about("NRG1 fusion-positive tumours account for <1% of cases.", "NRG1")).isNull();
		assertThat(about("CD74-NRG1 fusion detected. The CD74 partner call is equivocal.", "NRG1")).isEqualTo(Status.INDETERMINATE);
		assertThat(about("CD74-NRG1 fusion detected. After pathologist review the call was revised to negative.", "NRG1"))
				.isEqualTo(Status.NOT_DETECTED);
	}
}
