package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** Report bundles an EHR or a lab would post, from templates in {@code src/test/resources/ingest/}. */
public final class TestReports {

	private TestReports() {}

	/** A unique patient id, so tests sharing one server never see each other's data. */
	public static String newPatientId(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * NSCLC stage IV after carboplatin, GRIG report with a CD74-NRG1 fusion by RNA NGS: transaction,
	 * Patient/Condition/medication by PUT, Observation and DiagnosticReport by conditional create.
	 */
	public static String nsclcCd74Nrg1(String patientId) {
		return template("nsclc-cd74-nrg1-report.json", patientId);
	}

	/** Stores {@link #nsclcCd74Nrg1} for a new patient through {@code http} (asserting it is taken) and returns its id. */
	public static String storedNsclcCd74Nrg1(FhirHttp http, String prefix) {
		String patient = newPatientId(prefix);
		assertThat(http.post("/fhir", FhirHttp.FHIR_JSON, nsclcCd74Nrg1(patient)).statusCode()).as("report for %s stored", patient)
				.isEqualTo(200);
		return patient;
	}

	/** Adds the resource to a transaction as a PUT under its own type and id. */
	public static void put(Bundle transaction, Resource resource) {
		put(transaction, resource, resource.fhirType() + "/" + resource.getIdElement().getIdPart());
	}

	/** Adds the resource to a transaction as a PUT to {@code url} ({@code Type/id}), its id set to match. */
	public static void put(Bundle transaction, Resource resource, String url) {
		resource.setId(url);
		transaction.addEntry().setFullUrl(url).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
	}

	public static String template(String name, String patientId) {
		try (InputStream in = TestReports.class.getResourceAsStream("/ingest/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no template " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8)
					.replace("{{p}}", patientId)
					.replace("{{obs-uuid}}", UUID.nameUUIDFromBytes((patientId + "obs").getBytes(StandardCharsets.UTF_8)).toString())
					.replace("{{report-uuid}}", UUID.nameUUIDFromBytes((patientId + "report").getBytes(StandardCharsets.UTF_8)).toString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
