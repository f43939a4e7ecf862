package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pom fetches the jars it ships trimmed (fhir-trimmed-jars) at versions of its own, because they are out of the
 * dependency graph; a HAPI upgrade that moves its FHIR core, its own structures or Hibernate Search must move them
 * too, or the R4-to-R5 converters that run would not match the R4 and R5 models beside them.
 */
class TrimmedJarVersionsTest {

	private static final Path TRIMMED = Path.of("target/fhir-trimmed");

	@ParameterizedTest(name = "{0} at the version of {1}")
	@CsvSource({
		"org.hl7.fhir., ca.uhn.hapi.fhir/org.hl7.fhir.r4",
		"hapi-fhir-structures-, ca.uhn.hapi.fhir/hapi-fhir-base",
		"hibernate-search-, org.hibernate.search/hibernate-search-engine"
	})
	void trimmedJarsHaveTheVersionOfTheirShippedSiblings(String trimmedPrefix, String sibling) throws IOException {
		String version = versionOnClassPath(sibling);
		List<String> trimmed;
		try (Stream<Path> jars = Files.list(TRIMMED)) {
			trimmed = jars.map(jar -> jar.getFileName().toString()).filter(name -> name.startsWith(trimmedPrefix)).toList();
		}

		assertThat(trimmed).isNotEmpty().allSatisfy(name -> assertThat(name).endsWith("-" + version + ".jar"));
	}

	private static String versionOnClassPath(String groupAndArtifact) throws IOException {
		try (InputStream in = TrimmedJarVersionsTest.class.getClassLoader()
				.getResourceAsStream("META-INF/maven/" + groupAndArtifact + "/pom.properties")) {
			assertThat(in).as(groupAndArtifact + " on the class path").isNotNull();
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
	}
}
