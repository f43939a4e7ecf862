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
 * -jar} (the root is on the class path) and the extracted layout {@code bin/fusion-cds} runs.
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
