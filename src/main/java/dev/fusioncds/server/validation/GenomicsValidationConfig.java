package dev.fusioncds.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import dev.fusioncds.fusion.FusionFindingReader;
import dev.fusioncds.knowledge.KnowledgeBase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Profile validation of genomics results; off with {@code fusion.validation.enabled=false}. */
@Configuration
public class GenomicsValidationConfig {

	@Bean
	public ConformanceResources conformanceResources(FhirContext fhirContext) {
		return ConformanceResources.loadFromClasspath(fhirContext);
	}

	@Bean
	public IgPackages igPackages(FhirContext fhirContext, GenomicsValidationProperties properties) {
		return IgPackages.load(fhirContext, properties.igPackages());
	}

	@Bean
	@ConditionalOnProperty(name = "fusion.validation.enabled", havingValue = "true", matchIfMissing = true)
	public GenomicsValidator genomicsValidator(FhirContext fhirContext, IgPackages igPackages, ConformanceResources artefacts) {
		return new GenomicsValidator(fhirContext, igPackages, artefacts);
	}

	@Bean
	@ConditionalOnProperty(name = "fusion.validation.enabled", havingValue = "true", matchIfMissing = true)
	public GenomicsValidationInterceptor genomicsValidationInterceptor(
			FhirContext fhirContext, GenomicsValidator validator, KnowledgeBase knowledge, IInterceptorService interceptors) {
		GenomicsValidationInterceptor interceptor =
				new GenomicsValidationInterceptor(fhirContext, validator, new FusionFindingReader(knowledge));
		interceptors.registerInterceptor(interceptor);
		return interceptor;
	}
}
