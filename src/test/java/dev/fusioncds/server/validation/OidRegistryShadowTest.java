package dev.fusioncds.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.VersionUtil;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.hl7.fhir.utilities.OIDUtilities;
import org.junit.jupiter.api.Test;

/**
 * The validator core re-reads its 21,000-row OID registry ({@code oidregistry.csv}) for every resource it
 * validates, about half of all validation time; we ship an empty registry ahead of it on the class path. That
 * is sound only while no validation result depends on the registry. In the versions pinned below, the core
 * consults it in one place ({@code InstanceValidator.resolveUrl}, whether a {@code urn:oid:} URL resolves),
 * reached only when the validator has a resource fetcher. Ours has none (here); HAPI's {@code $validate} has one
 * that resolves every URL anyway ({@code OidRegistryShadowIT}).
 */
class OidRegistryShadowTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void validatorReadsOurEmptyRegistryInsteadOfTheCores() throws IOException {
		List<URL> registries = Collections.list(getClass().getClassLoader().getResources("oidregistry.csv"));

		assertThat(registries).hasSize(2);
		assertThat(registries.get(0).toString()).doesNotContain("org.hl7.fhir.utilities");
		assertThat(registries.get(1).toString()).contains("org.hl7.fhir.utilities");
		assertThat(new OIDUtilities().isKnownOID("urn:oid:2.16.840.1.113883.6.1")).isFalse();
	}

	@Test
	void genomicsValidatorHasNoResourceFetcherSoNeverAsksTheRegistry() {
		GenomicsValidator validator = new GenomicsValidator(FHIR,
				IgPackages.load(FHIR, new String[] {"classpath:fhir-profiles/packages/hl7.fhir.uv.genomics-reporting-3.0.0.tgz"}),
				ConformanceResources.loadFromClasspath(FHIR));

		assertThat(validator.resolvesUrls()).isFalse();
	}

	@Test
	void registryUseWasAuditedInTheseVersions() throws IOException {
		assertThat(VersionUtil.getVersion())
				.as("HAPI upgraded: re-check that only InstanceValidator.resolveUrl reads the OID registry, then update this")
				.isEqualTo("8.8.0");
		assertThat(CoreArtifactVersion.of("org.hl7.fhir.validation"))
				.as("validator core upgraded: re-check that only InstanceValidator.resolveUrl reads the OID registry, then update this")
				.isEqualTo("6.7.9");
	}
}
