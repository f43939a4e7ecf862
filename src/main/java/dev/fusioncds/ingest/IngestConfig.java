package dev.fusioncds.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import dev.fusioncds.suggest.EngineProperties;
import dev.fusioncds.suggest.Evaluator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Suggestions on ingest; off with {@code fusion.engine.ingest=false} (stock HAPI storage). */
@Configuration
class IngestConfig {

	@Bean
	@ConditionalOnProperty(name = "fusion.engine.ingest", havingValue = "true", matchIfMissing = true)
	SuggestionsOnIngest suggestionsOnIngest(FhirContext fhirContext, Evaluator evaluator, PatientEvaluation evaluation,
			FusionPatients fusionPatients, EngineProperties properties, IInterceptorService interceptors) {
		SuggestionsOnIngest interceptor =
				new SuggestionsOnIngest(fhirContext, evaluator, evaluation, fusionPatients, properties.jurisdiction());
		interceptors.registerInterceptor(interceptor);
		return interceptor;
	}
}
