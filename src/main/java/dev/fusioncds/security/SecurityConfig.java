package dev.fusioncds.security;

import static org.springframework.security.web.util.matcher.AntPathRequestMatcher.antMatcher;

import java.time.Clock;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Two doors, two token kinds. {@code /fhir/**}: OAuth2 bearer tokens (Spring Security resource
 * server) whose SMART scopes {@link SmartScopeAuthorization} enforces. {@code /cds-services/**}: the
 * CDS Hooks JWT ({@link CdsHooksJwtFilter}). Each switches on with its issuer setting; CORS
 * preflights never need a token. Which of them may be open on which address is
 * {@link BindAddressGuard}'s rule.
 */
@Configuration
class SecurityConfig {

	@Bean
	@Order(1)
	SecurityFilterChain fhirApi(HttpSecurity http, SecurityProperties security) throws Exception {
		// Ant matchers: the FHIR endpoint is HAPI's servlet, not Spring MVC, so MVC matchers would miss it
		return withFhirTokens(http.securityMatcher(antMatcher("/fhir/**")), security,
				antMatcher(HttpMethod.OPTIONS, "/fhir/**"), antMatcher(HttpMethod.GET, "/fhir/metadata"));
	}

	/**
	 * Health stays open for load balancers; any other actuator endpoint an operator exposes takes a
	 * FHIR API token when FHIR security is on (and keeps the node on loopback when it is off).
	 */
	@Bean
	@Order(2)
	SecurityFilterChain actuator(HttpSecurity http, SecurityProperties security) throws Exception {
		return withFhirTokens(http.securityMatcher(antMatcher("/actuator/**")), security,
				antMatcher("/actuator/health"), antMatcher("/actuator/health/**"));
	}

	/** FHIR API bearer tokens on everything but {@code open}, when FHIR security is configured; else open. */
	private static SecurityFilterChain withFhirTokens(HttpSecurity http, SecurityProperties security, RequestMatcher... open)
			throws Exception {
		common(http, security);
		if (security.fhir().enabled()) {
			http.authorizeHttpRequests(auth -> auth.requestMatchers(open).permitAll().anyRequest().authenticated())
					.oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(fhirDecoder(security.fhir()))));
		} else {
			http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
		}
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain everythingElse(HttpSecurity http, SecurityProperties security) throws Exception {
		common(http, security);
		http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
		return http.build();
	}

	/**
	 * No Micrometer observation around every security filter: nothing reads those metrics (only
	 * health is exposed), and wrapping each filter of each request costs CPU on every call.
	 */
	@Bean
	static SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	FilterRegistrationBean<CdsHooksJwtFilter> cdsHooksJwt(SecurityProperties security, Clock clock, JtiLedger usedJtis) {
		FilterRegistrationBean<CdsHooksJwtFilter> registration = new FilterRegistrationBean<>(
				new CdsHooksJwtFilter(new CdsHooksJwtVerifier(security.cdsHooks(), clock, usedJtis)));
		registration.addUrlPatterns("/cds-services", "/cds-services/*");
		registration.setEnabled(security.cdsHooks().enabled());
		return registration;
	}

	private static void common(HttpSecurity http, SecurityProperties security) throws Exception {
		http.csrf(AbstractHttpConfigurer::disable)
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.cors(cors -> cors.configurationSource(cors(security.corsAllowedOrigins())));
	}

	private static NimbusJwtDecoder fhirDecoder(SecurityProperties.Fhir fhir) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(fhir.jwkSetUri())
				.jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384,
						SignatureAlgorithm.ES256, SignatureAlgorithm.ES384)))
				.build();
		decoder.setJwtValidator(fhir.issuer() == null || fhir.issuer().isBlank()
				? JwtValidators.createDefault()
				: new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(fhir.issuer())));
		return decoder;
	}

	private static CorsConfigurationSource cors(List<String> origins) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!origins.isEmpty()) {
			CorsConfiguration config = new CorsConfiguration();
			config.setAllowedOrigins(origins);
			config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
			config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Prefer", "If-None-Exist", "If-Match",
					"X-Retry-On-Version-Conflict"));
			config.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "X-Progress"));
			config.setMaxAge(3600L);
			source.registerCorsConfiguration("/**", config);
		}
		return source;
	}
}
