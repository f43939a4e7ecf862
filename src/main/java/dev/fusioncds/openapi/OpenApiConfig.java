package dev.fusioncds.openapi;

import dev.fusioncds.server.RestfulServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /fhir/api-docs} and its Swagger UI at {@code /fhir/swagger-ui/}
 * (assets from the swagger-ui webjar on the classpath: nothing is loaded from a CDN). Both are under
 * {@code /fhir}, so with FHIR security on they take a FHIR API bearer token like the rest of the API.
 */
@Configuration
class OpenApiConfig {

	@Bean
	RestfulServerCustomizer openApi() {
		return server -> server.registerInterceptor(new FusionOpenApiInterceptor());
	}
}
