package dev.fusioncds.security;

import dev.fusioncds.server.RestfulServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** SMART scope enforcement on the FHIR endpoint, on when {@code fusion.security.fhir.jwk-set-uri} is set. */
@Configuration
class FhirSecurityConfig {

	@Bean
	RestfulServerCustomizer smartScopes(SecurityProperties security) {
		return server -> {
			if (security.fhir().enabled()) {
				server.registerInterceptor(new SmartScopeAuthorization());
			}
		};
	}
}
