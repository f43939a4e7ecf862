package dev.fusioncds.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.jpa.validation.ValidatorResourceFetcher;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.utilities.OIDUtilities;
import org.junit.jupiter.api.Test;

/**
 * The validator core re-reads its 21,000-row OID registry ({@code oidregistry.csv}) for every resource it
 * validates, about half of all validation time; we ship an empty registry ahead of it on the class path. That
 * is sound only while no validation result depends on the registry: the core asks it one question, whether a
 * {@code urn:oid:} URL resolves, and only when the validator has a resource fetcher. Should an upgrade of HAPI
 * or the core break one of these premises, a test here fails and the shadow must go.
 */
class OidRegistryShadowTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final String LOINC_OID = "urn:oid:2.16.840.1.113883.6.1";

	@Test
	void validatorReadsOurEmptyRegistryInsteadOfTheCores() throws IOException {
		List<URL> registries = Collections.list(getClass().getClassLoader().getResources("oidregistry.csv"));

		assertThat(registries).hasSize(2);
		assertThat(registries.get(0).toString()).doesNotContain("org.hl7.fhir.utilities");
		assertThat(registries.get(1).toString()).contains("org.hl7.fhir.utilities");
		assertThat(new OIDUtilities().isKnownOID(LOINC_OID)).isFalse();
	}

	@Test
	void genomicsValidatorResolvesNoUrlSoNeverAsksTheRegistry() {
		GenomicsValidator validator = new GenomicsValidator(FHIR,
				IgPackages.load(FHIR, new String[] {"classpath:fhir-profiles/packages/hl7.fhir.uv.genomics-reporting-3.0.0.tgz"}),
				ConformanceResources.loadFromClasspath(FHIR));

		List<String> known = messages(validator, LOINC_OID);
		List<String> unknown = messages(validator, "urn:oid:1.2.3.4.5.6.7.8.9");

		assertThat(known).isNotEmpty().isEqualTo(unknown.stream().map(m -> m.replace("urn:oid:1.2.3.4.5.6.7.8.9", LOINC_OID)).toList());
		assertThat(unknown).noneMatch(m -> m.contains("resolve"));
	}

	@Test
	void hapisValidateOperationResolvesEveryUrlWithoutTheRegistry() {
		ValidatorResourceFetcher fetcher = new ValidatorResourceFetcher(FHIR, new DefaultProfileValidationSupport(FHIR), null);

		assertThat(fetcher.resolveURL(null, null, "Observation.method.coding.system", "urn:oid:1.2.3.4.5.6.7.8.9", "uri", false, null))
				.isTrue();
	}

	/** Every message about a plain Observation whose method is coded in the system named {@code system}. */
	private static List<String> messages(GenomicsValidator validator, String system) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept().setText("Fusion"));
		observation.setMethod(new CodeableConcept().addCoding(new Coding(system, "12345-6", null)));
		return validator.validate(observation).getMessages().stream()
				.map(SingleValidationMessage::getMessage)
				.sorted()
				.toList();
	}
}
