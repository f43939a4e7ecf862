package dev.fusioncds.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhraseIndexTest {

	private final PhraseIndex<String> methods = new PhraseIndex<>(List.of(
			Map.entry("RNA-based NGS", "rna-ngs"), Map.entry("NGS", "ngs"), Map.entry("FISH", "fish")));

	@Test
	void firstInFollowsTheDataOrderNotThePositionInTheText() {
		assertThat(methods.firstIn("FISH negative; RNA based NGS pending")).contains("rna-ngs");
		assertThat(methods.firstIn("break-apart fish")).contains("fish");
	}

	@Test
	void allInNamesEachThingOnceInDataOrder() {
		assertThat(methods.allIn("NGS (RNA-based NGS) and FISH and NGS again")).containsExactly("rna-ngs", "ngs", "fish");
	}

	@Test
	void matchesWholeWordsOnly() {
		assertThat(methods.foundIn("CANGSTROM FISHER")).isFalse();
		assertThat(methods.allIn("no method named here")).isEmpty();
		assertThat(methods.firstIn(null)).isEmpty();
	}

	@Test
	void hyphensAndSpacesAreInterchangeableAndCaseIsIgnored() {
		PhraseIndex<String> ihc = PhraseIndex.of(List.of("pan-TRK IHC"));

		assertThat(ihc.foundIn("PANTRK ihc positive")).isTrue();
		assertThat(ihc.foundIn("Pan TRK-IHC")).isTrue();
		assertThat(ihc.foundIn("pan\tTRK\nIHC")).isTrue();
		assertThat(ihc.foundIn("pan TRKIHC")).isFalse();
	}

	@Test
	void anEmptyIndexFindsNothing() {
		assertThat(new PhraseIndex<String>(List.of()).foundIn("anything at all")).isFalse();
	}
}
