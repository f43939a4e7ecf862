package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build unpacks the trimmed ICU4J and Swagger UI with our classes (pom: icu4j-plurals, swagger-ui-assets); Spring
 * Boot puts that {@code META-INF} at the jar's root. Both ways of starting the jar must still see them: {@code java
 * -jar} (the root is on the class path) and the extracted layout {@code bin/fusion-cds} runs. Of other FHIR versions'
 * models, the converters and Lucene, only what the shipped code names joins our classes (pom: fhir-trimmed).
 */
class PackagedJarContentsIT {

	private static final File JAR = new File("target/fusion-cds.jar");
	private static final String PLURALS = "com/ibm/icu/impl/data/icudata/plurals.res";
	private static final String SWAGGER_UI_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
	private static final String SWAGGER_UI_ASSETS = "META-INF/resources/webjars/swagger-ui/";

	@Test
	void jarHoldsTheTrimmedIcuAndSwaggerUiAndNoneOfWhatWasLeftOut() throws IOException {
		try (JarFile jar = new JarFile(JAR)) {
			List<String> names = jar.stream().map(ZipEntry::getName).toList();

			assertThat(names).contains("BOOT-INF/classes/" + PLURALS, SWAGGER_UI_POM);
			assertThat(names).anyMatch(name -> name.startsWith(SWAGGER_UI_ASSETS) && name.endsWith("/swagger-ui-bundle.js"));
			assertThat(names).noneMatch(name -> name.startsWith("BOOT-INF/lib/icu4j") || name.startsWith("BOOT-INF/lib/swagger-ui"));
			assertThat(names).noneMatch(name -> name.endsWith(".js.map"));
		}
	}

	@Test
	void jarShipsOfOtherFhirVersionsOnlyTheClassesTheServerNames() throws IOException {
		try (JarFile jar = new JarFile(JAR)) {
			List<String> names = jar.stream().map(ZipEntry::getName).toList();

			assertThat(names).noneMatch(name -> name.matches("BOOT-INF/lib/(org\\.hl7\\.fhir\\.(dstu2|dstu3|r4b|convertors)"
					+ "|hapi-fhir-structures-(dstu2|dstu3|hl7org-dstu2)|lucene-core|hibernate-search-backend-lucene)-.*"));
			assertThat(names).contains(
					// Spring resolves the signatures of HAPI's search-parameter canonicalizer when it creates the bean
					"BOOT-INF/classes/org/hl7/fhir/dstu3/model/SearchParameter.class",
					// the canonicalizer's switch initializes this DSTU2 enum, and the enum its own class
					"BOOT-INF/classes/ca/uhn/fhir/model/dstu2/valueset/ConformanceResourceStatusEnum$1.class",
					// the validator converts R4 to R5
					"BOOT-INF/classes/org/hl7/fhir/convertors/conv40_50/resources40_50/Observation40_50.class");
			assertThat(names).doesNotContain(
					"BOOT-INF/classes/org/hl7/fhir/dstu3/model/Patient.class",
					"BOOT-INF/classes/org/hl7/fhir/r4b/model/Observation.class",
					"BOOT-INF/classes/org/hl7/fhir/convertors/conv30_50/resources30_50/Observation30_50.class");
		}
	}

	/** Issue 17's budget: 178 MB before the other versions' models were trimmed. */
	@Test
	void jarStaysWithinItsSizeBudget() {
		assertThat(JAR.length()).isLessThanOrEqualTo(150_000_000L);
	}

	@Test
	void extractedLayoutKeepsThem(@TempDir Path dir) throws Exception {
		Path layout = dir.resolve("layout");
		Path log = dir.resolve("extract.log");
		Process extract = new ProcessBuilder(javaCommand(), "-Djarmode=tools", "-jar", JAR.getAbsolutePath(), "extract",
				"--destination", layout.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertThat(extract.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(extract.exitValue()).as(Files.readString(log)).isZero();

		try (JarFile application = new JarFile(layout.resolve(JAR.getName()).toFile())) {
			assertThat(application.getEntry(PLURALS)).isNotNull();
			assertThat(application.getEntry(SWAGGER_UI_POM)).isNotNull();
			assertThat(application.stream().map(ZipEntry::getName))
					.anyMatch(name -> name.startsWith(SWAGGER_UI_ASSETS) && name.endsWith("/swagger-ui-bundle.js"));
		}
	}

	private static String javaCommand() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}
}
