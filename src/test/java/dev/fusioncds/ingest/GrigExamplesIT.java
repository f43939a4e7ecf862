package dev.fusioncds.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.TestReports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every example of the vendored GRIG 3.0.0 package is valid FHIR a lab may send: each resource, and
 * each transaction Bundle, is accepted, and each example patient can be evaluated.
 */
@FusionServerIT
class GrigExamplesIT {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@LocalServerPort
	int port;

	private record Example(String file, IBaseResource resource) {}

	@Test
	void storesEveryExampleAndEvaluatesEveryExamplePatient() throws IOException {
		FhirHttp http = new FhirHttp(port);
		List<Example> examples = examples();
		Bundle resources = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		List<Example> transactions = new ArrayList<>();
		for (Example example : examples) {
			if (example.resource() instanceof Bundle bundle && bundle.getType() == Bundle.BundleType.TRANSACTION) {
				transactions.add(example);
			} else if (!(example.resource() instanceof Parameters)) {
				TestReports.put(resources, (Resource) example.resource());
			}
		}

		var stored = http.postFhir("/fhir", resources);
		assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
		for (Example transaction : transactions) {
			var response = http.postFhir("/fhir", transaction.resource());
			assertThat(response.statusCode()).as(transaction.file() + ": " + response.body()).isEqualTo(200);
		}

		Set<String> patients = new TreeSet<>();
		resources.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> "Patient".equals(r.fhirType())).forEach(p -> patients.add("Patient/" + p.getIdElement().getIdPart()));
		for (String patient : patients) {
			var evaluated = http.get("/fhir/" + patient + "/$fusion-suggestions");
			assertThat(evaluated.statusCode()).as(patient + ": " + evaluated.body()).isEqualTo(200);
		}
		System.out.printf("GRIG 3.0.0 examples: %d resources stored in one transaction, %d transaction Bundles accepted, %d patients evaluated%n",
				resources.getEntry().size(), transactions.size(), patients.size());
		assertThat(transactions).hasSizeGreaterThanOrEqualTo(10);
		assertThat(patients).isNotEmpty();
	}

	private static List<Example> examples() throws IOException {
		List<Example> examples = new ArrayList<>();
		try (InputStream in = GrigExamplesIT.class.getResourceAsStream("/fhir-profiles/packages/hl7.fhir.uv.genomics-reporting-3.0.0.tgz");
				TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				if (entry.getName().startsWith("package/example/") && entry.getName().endsWith(".json")) {
					String json = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
					examples.add(new Example(entry.getName(), FHIR.newJsonParser().parseResource(json)));
				}
			}
		}
		assertThat(examples).hasSizeGreaterThan(150);
		return examples;
	}
}
