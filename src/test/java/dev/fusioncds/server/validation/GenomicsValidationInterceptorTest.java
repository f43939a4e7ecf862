package dev.fusioncds.server.validation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import dev.fusioncds.fusion.FusionFindingReader;
import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GenomicsValidationInterceptorTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static GenomicsValidationInterceptor interceptor;

	@BeforeAll
	static void load() {
		GenomicsValidator validator = new GenomicsValidator(FHIR,
				IgPackages.load(FHIR, new String[] {"classpath:fhir-profiles/packages/hl7.fhir.uv.genomics-reporting-3.0.0.tgz"}),
				ConformanceResources.loadFromClasspath(FHIR));
		interceptor = new GenomicsValidationInterceptor(FHIR, validator, new FusionFindingReader(KnowledgeBaseLoader.fromClasspath()));
	}

	@Test
	void refusesAnInvalidVariantWhenCreated() {
		assertThatThrownBy(() -> interceptor.resourceCreated(variantWithoutCode()))
				.isInstanceOf(UnprocessableEntityException.class);
	}

	@Test
	void refusesAnUpdateThatChangesTheContent() {
		Observation stored = variantWithoutCode();
		Observation sent = variantWithoutCode().setStatus(Observation.ObservationStatus.AMENDED);
		assertThatThrownBy(() -> interceptor.resourceUpdated(stored, sent)).isInstanceOf(UnprocessableEntityException.class);
	}

	@Test
	void doesNotValidateAgainAnUpdateThatChangesNothing() {
		// stored before validation was switched on; sent again unchanged, which stores nothing new
		Observation stored = variantWithoutCode();
		stored.setId("Observation/1/_history/3");
		stored.getMeta().setVersionId("3").setLastUpdated(new java.util.Date());
		Observation sent = variantWithoutCode();
		sent.setId("Observation/1");
		assertThatCode(() -> interceptor.resourceUpdated(stored, sent)).doesNotThrowAnyException();
	}

	@Test
	void validatesAnUpdateThatOnlyClaimsAnotherProfile() {
		Observation stored = variantWithoutCode();
		stored.getMeta().getProfile().clear();
		assertThatThrownBy(() -> interceptor.resourceUpdated(stored, variantWithoutCode()))
				.isInstanceOf(UnprocessableEntityException.class);
	}

	/** A GRIG variant without its required code: an error under the profile. */
	private static Observation variantWithoutCode() {
		Observation variant = new Observation();
		variant.getMeta().addProfile("http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant");
		variant.setStatus(Observation.ObservationStatus.FINAL);
		variant.addCategory(new CodeableConcept().addCoding(
				new Coding(GenomicsResults.GENETICS_CATEGORY_SYSTEM, GenomicsResults.GENETICS_CATEGORY_CODE, null)));
		return variant;
	}
}
