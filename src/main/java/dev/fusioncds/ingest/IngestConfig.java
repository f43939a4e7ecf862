package dev.fusioncds.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.interceptor.UserRequestRetryVersionConflictsInterceptor;
import dev.fusioncds.suggest.EngineProperties;
import dev.fusioncds.suggest.Evaluator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Suggestions on ingest; off with {@code fusion.engine.ingest=false} (stock HAPI storage, fusion patients marked). */
@Configuration
class IngestConfig {

	/**
	 * Lets a client ask HAPI to retry a write that lost a race (header
	 * {@code X-Retry-On-Version-Conflict: retry; max-retries=3}), e.g. the same report posted twice at
	 * once: the retry finds the report the winner stored and answers like a repeated conditional create.
	 */
	@Bean
	UserRequestRetryVersionConflictsInterceptor retryOnVersionConflict(IInterceptorService interceptors) {
		UserRequestRetryVersionConflictsInterceptor interceptor = new UserRequestRetryVersionConflictsInterceptor();
		interceptors.registerInterceptor(interceptor);
		return interceptor;
	}

	/**
	 * With {@code fusion.engine.ingest=false} (bulk loads) results are stored as stock HAPI stores them,
	 * and patients with fusion results are only marked as not yet evaluated: {@code $reevaluate} (or
	 * the next start) makes their suggestions.
	 */
	@Bean
	SuggestionsOnIngest suggestionsOnIngest(FhirContext fhirContext, JpaStorageSettings storageSettings, Evaluator evaluator,
			PatientEvaluation evaluation, FusionPatients fusionPatients, EngineProperties properties, IInterceptorService interceptors) {
		SuggestionsOnIngest interceptor = new SuggestionsOnIngest(fhirContext, storageSettings, evaluator, evaluation, fusionPatients,
				properties.jurisdiction(), properties.ingest());
		interceptors.registerInterceptor(interceptor);
		return interceptor;
	}
}
