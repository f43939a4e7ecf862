package dev.fusioncds.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.fusion.FusionTextParser.Mention;
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

	private static List<String> targets(String text) {
		return parser.mentions(FusionTextParser.normalize(text)).stream().map(m -> m.target().symbol()).toList();
	}

	@Test
	void readsPartnersInEveryNotationLabsUse() {
		for (String text : List.of("CD74-NRG1 fusion detected", "CD74::NRG1", "CD74/NRG1 positive", "CD74\u2013NRG1 fusion")) {
			assertThat(parser.mentions(FusionTextParser.normalize(text))).as(text).singleElement().satisfies(m -> {
				assertThat(m.fivePrime().symbol()).isEqualTo("CD74");
				assertThat(m.threePrime().symbol()).isEqualTo("NRG1");
			});
		}
	}

	@Test
	void readsNtrkListsAndRanges() {
		assertThat(targets("No NTRK1/2/3 fusions detected")).containsExactly("NTRK1", "NTRK2", "NTRK3");
		assertThat(targets("NRG1, NTRK1-3: not detected")).containsExactly("NRG1", "NTRK1", "NTRK2", "NTRK3");
		assertThat(targets("NTRK1, NTRK2, and NTRK3 negative")).containsExactly("NTRK1", "NTRK2", "NTRK3");
		assertThat(targets("pan-TRK IHC")).containsExactly("NTRK1", "NTRK2", "NTRK3");
	}

	@Test
	void twoTargetsJoinedAreAListNotAPair() {
		assertThat(parser.mentions("NRG1/NTRK1 fusion negative")).extracting(Mention::fivePrime).containsOnlyNulls();
		assertThat(targets("NRG1/NTRK1 fusion negative")).containsExactly("NRG1", "NTRK1");
	}

	@Test
	void exonNoteAndRearrangementWithoutPartner() {
		assertThat(parser.mentions(FusionTextParser.normalize("SLC3A2\u2013NRG1 (exon 6)"))).singleElement()
				.satisfies(m -> assertThat(m.breakpoints()).extracting(FusionFinding.Breakpoint::exon).containsExactly(6));
		assertThat(parser.mentions("NRG1 rearrangement")).singleElement().satisfies(m -> assertThat(m.fivePrime()).isNull());
	}

	@Test
	void unknownGeneOrProseNamesNoTarget() {
		assertThat(targets("CD74-HRG fusion detected")).isEmpty();
		assertThat(targets("Specimen adequate; see comment")).isEmpty();
	}
}
