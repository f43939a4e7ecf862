package dev.fusioncds.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call us. With nothing configured the server is open but serves only on the loopback
 * address; see {@link BindAddressGuard}.
 *
 * @param allowInsecure serve on a non-loopback address without any token checks (logged at start)
 * @param corsAllowedOrigins browser origins allowed to call the FHIR API and CDS services
 * @param fhir bearer tokens for the FHIR API (OAuth2 / SMART v2 scopes)
 * @param cdsHooks the CDS clients whose JWTs the CDS services accept
 */
@ConfigurationProperties("fusion.security")
public record SecurityProperties(
		@DefaultValue("false") boolean allowInsecure,
		@DefaultValue List<String> corsAllowedOrigins,
		@DefaultValue Fhir fhir,
		@DefaultValue CdsHooks cdsHooks) {

	/**
	 * @param jwkSetUri where the authorization server publishes its signing keys; set → tokens required
	 * @param issuer expected {@code iss} of FHIR API tokens (optional)
	 */
	public record Fhir(String jwkSetUri, String issuer) {

		public boolean enabled() {
			return jwkSetUri != null && !jwkSetUri.isBlank();
		}
	}

	/**
	 * @param issuers trusted CDS clients; any → every CDS Hooks request needs a valid JWT
	 * @param clockSkew tolerance on {@code exp} and {@code iat}
	 * @param tenant required {@code tenant} claim, when set
	 */
	public record CdsHooks(@DefaultValue List<Issuer> issuers, @DefaultValue("60s") Duration clockSkew, String tenant) {

		public boolean enabled() {
			return !issuers.isEmpty();
		}
	}

	/**
	 * A trusted CDS client: its {@code iss} and where its public keys are — a JWKS URL, or the JWK
	 * set itself as JSON.
	 */
	public record Issuer(String iss, String jwksUrl, String jwks) {}

	public boolean anyIssuer() {
		return fhir.enabled() || cdsHooks.enabled();
	}
}
