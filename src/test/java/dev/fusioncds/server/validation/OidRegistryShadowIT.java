package dev.fusioncds.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.validation.ValidatorResourceFetcher;
import dev.fusioncds.server.FusionServerIT;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.utils.validation.IValidatorResourceFetcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** HAPI's own validator ({@code $validate}) resolves every URL, so our empty OID registry changes none of its results. */
@FusionServerIT
class OidRegistryShadowIT {

	@Autowired
	@Qualifier("myInstanceValidator")
	FhirInstanceValidator validateOperationValidator;

	@Test
	void validateOperationsFetcherResolvesAnOidNoRegistryHolds() throws Exception {
		IValidatorResourceFetcher fetcher = validateOperationValidator.getValidatorResourceFetcher();

		assertThat(fetcher).isExactlyInstanceOf(ValidatorResourceFetcher.class);
		assertThat(fetcher.resolveURL(null, null, "Observation.identifier.system", "urn:oid:1.2.3.4.5.6.7.8.9", "uri", false, null))
				.isTrue();
	}
}
