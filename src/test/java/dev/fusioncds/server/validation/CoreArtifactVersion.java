package dev.fusioncds.server.validation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of a validator-core artifact ({@code ca.uhn.hapi.fhir}) on the class path, from its Maven metadata. */
final class CoreArtifactVersion {

	private CoreArtifactVersion() {}

	static String of(String artifactId) throws IOException {
		String path = "META-INF/maven/ca.uhn.hapi.fhir/" + artifactId + "/pom.properties";
		try (InputStream in = CoreArtifactVersion.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IOException("no " + path + " on the class path");
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
	}
}
