package dev.fusioncds.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.fusion.FusionFinding.Status;
import dev.fusioncds.fusion.FusionTextParser.TextFinding;
import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FusionTextParserTest {

	static FusionTextParser parser;

	@BeforeAll
	static void load() {
		parser = new FusionTextParser(KnowledgeBaseLoader.fromClasspath());
	}

	@Test
	void readsPartnersInEveryNotationLabsUse() {
		for (String text : List.of("CD74-NRG1 fusion detected", "CD74::NRG1", "CD74/NRG1 positive", "CD74\u2013NRG1 fusion")) {
			List<TextFinding> found = parser.parse(text);
			assertThat(found).as(text).singleElement().satisfies(f -> {
				assertThat(f.fivePrime().symbol()).isEqualTo("CD74");
				assertThat(f.threePrime().symbol()).isEqualTo("NRG1");
				assertThat(f.status()).isEqualTo(Status.DETECTED);
			});
		}
	}

	@Test
	void oneNegativeCoversNtrk1To3() {
		assertThat(parser.parse("No NTRK1/2/3 fusions detected"))
				.extracting(f -> f.target().symbol(), TextFinding::status)
				.containsExactly(
						org.assertj.core.groups.Tuple.tuple("NTRK1", Status.NOT_DETECTED),
						org.assertj.core.groups.Tuple.tuple("NTRK2", Status.NOT_DETECTED),
						org.assertj.core.groups.Tuple.tuple("NTRK3", Status.NOT_DETECTED));
	}

	@Test
	void statusIsDecidedPerClause() {
		assertThat(parser.parse("CD74-NRG1 fusion detected. No NTRK fusion detected."))
				.extracting(f -> f.target().symbol(), TextFinding::status)
				.contains(org.assertj.core.groups.Tuple.tuple("NRG1", Status.DETECTED),
						org.assertj.core.groups.Tuple.tuple("NTRK1", Status.NOT_DETECTED));
	}

	@Test
	void exonNoteAndRearrangementWithoutPartner() {
		assertThat(parser.parse("SLC3A2\u2013NRG1 (exon 6)")).singleElement()
				.satisfies(f -> assertThat(f.breakpoints()).extracting(FusionFinding.Breakpoint::exon).containsExactly(6));
		assertThat(parser.parse("NRG1 rearrangement")).singleElement()
				.satisfies(f -> assertThat(f.fivePrime()).isNull());
	}

	@Test
	void unknownGeneOrProseGivesNoFinding() {
		assertThat(parser.parse("CD74-HRG fusion detected")).isEmpty();
		assertThat(parser.parse("Specimen adequate; see comment")).isEmpty();
	}
}
