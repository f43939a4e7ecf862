package dev.fusioncds.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.PluralRules;
import com.ibm.icu.util.VersionInfo;
import java.io.IOException;
import java.util.Locale;
import org.hl7.fhir.utilities.i18n.I18nBase;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.junit.jupiter.api.Test;

/**
 * The build ships ICU4J's classes with 7 of its 1,008 data files (pom: the {@code icu4j-plurals} execution): the
 * validator core uses ICU only for {@link PluralRules}, to pick a message's plural form ({@code I18nBase}). These
 * run on that trimmed copy, the only ICU on the class path, and fail if a locale's rules stop loading or the whole
 * library comes back.
 */
class IcuPluralRulesTest {

	@Test
	void pluralCategoriesAreTheLocalesOwn() {
		assertThat(categories(Locale.US)).containsExactly("other", "one", "other", "other");
		assertThat(categories(Locale.FRENCH)).containsExactly("one", "one", "other", "other");
		assertThat(categories(Locale.forLanguageTag("pl"))).containsExactly("many", "one", "few", "many");
		assertThat(categories(Locale.forLanguageTag("ar"))).containsExactly("zero", "one", "few", "many");
		assertThat(PluralRules.forLocale(Locale.forLanguageTag("ar")).getKeywords())
				.containsExactlyInAnyOrder("zero", "one", "two", "few", "many", "other");
	}

	/** A locale with Unicode extensions (the JVM's default locale may carry them) reads three more data files. */
	@Test
	void localesWithExtensionsLoadTheirRules() {
		assertThat(categories(Locale.forLanguageTag("th-TH-u-nu-thai"))).containsOnly("other");
		assertThat(categories(new Locale("ja", "JP", "JP"))).containsOnly("other");
		assertThat(categories(Locale.forLanguageTag("en-US-u-tz-usnyc"))).containsExactly("other", "one", "other", "other");
		assertThat(categories(Locale.forLanguageTag("sr-Latn-RS-u-co-phonebk"))).containsExactly("other", "one", "few", "other");
	}

	@Test
	void validatorMessagesTakeTheirPluralForm() {
		I18nBase messages = new I18nBase() {};
		messages.setLocale(Locale.ENGLISH);

		assertThat(messages.formatMessagePlural(1, I18nConstants.DISPLAY_NAME_FOR__SHOULD_BE_ONE_OF__INSTEAD_OF,
				"http://loinc.org", "69548-6", "'Genetic variant assessment'", "Variant", "en"))
				.isEqualTo("Wrong Display Name 'Variant' for http://loinc.org#69548-6. Valid display is"
						+ " 'Genetic variant assessment' (for the language(s) 'en')");
		assertThat(messages.formatMessagePlural(2, I18nConstants.DISPLAY_NAME_FOR__SHOULD_BE_ONE_OF__INSTEAD_OF,
				"http://loinc.org", "69548-6", "'A' or 'B'", "Variant", "en"))
				.isEqualTo("Wrong Display Name 'Variant' for http://loinc.org#69548-6. Valid display is one of 2"
						+ " choices: 'A' or 'B' (for the language(s) 'en')");
	}

	@Test
	void onlyThePluralDataIsShipped() {
		ClassLoader classes = getClass().getClassLoader();

		assertThat(classes.getResource("com/ibm/icu/impl/data/icudata/plurals.res")).isNotNull();
		assertThat(classes.getResource("com/ibm/icu/impl/data/icudata/zoneinfo64.res")).isNull();
		assertThat(classes.getResource("com/ibm/icu/impl/data/icudata/coll/root.res")).isNull();
		assertThat(classes.getResource("com/ibm/icu/impl/data/icudata/en.res")).isNull();
	}

	@Test
	void trimmedForTheseVersions() throws IOException {
		assertThat(CoreArtifactVersion.of("org.hl7.fhir.utilities"))
				.as("validator core upgraded: set icu4j.version in the pom to the ICU it declares, and re-check its use of ICU")
				.isEqualTo("6.7.9");
		assertThat(VersionInfo.ICU_VERSION.toString())
				.as("ICU upgraded: re-check which data files PluralRules reads (strace the files a run over an unpacked copy"
						+ " opens, locales with extensions included), then update the icu4j-plurals includes and this")
				.isEqualTo("78.1.0.0");
	}

	/** The category of 0, 1, 3 and 11. */
	private static String[] categories(Locale locale) {
		PluralRules rules = PluralRules.forLocale(locale);
		return new String[] {rules.select(0), rules.select(1), rules.select(3), rules.select(11)};
	}
}
