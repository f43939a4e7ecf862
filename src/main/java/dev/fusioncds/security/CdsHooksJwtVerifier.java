package dev.fusioncds.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a CDS client's JWT as the CDS Hooks security section asks: signed ES384 or RS384 with a
 * key of a trusted issuer (looked up by {@code kid} in its JWKS), {@code iss} on the allow-list,
 * {@code aud} the called service URL, {@code exp} and {@code iat} within the clock skew, a
 * {@code jti} its issuer never used before on any node ({@link JtiLedger}), and the {@code tenant}
 * when one is configured. Signature and key handling are Nimbus's; nothing is parsed by hand. When
 * the ledger's database is unreachable, its exception propagates: no token is accepted unchecked.
 */
public final class CdsHooksJwtVerifier {

	/** Why a token was refused: logged, never sent to the client. */
	public static final class Rejected extends Exception {
		Rejected(String reason, Throwable cause) {
			super(reason, cause);
		}
	}

	/** Request attribute holding the verified {@link JWTClaimsSet} of a CDS Hooks call (for its audit). */
	public static final String VERIFIED_CLAIMS = CdsHooksJwtVerifier.class.getName() + ".claims";

	static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES384, JWSAlgorithm.RS384);

	private final Map<String, JWKSource<SecurityContext>> keysByIssuer = new HashMap<>();
	private final Duration skew;
	private final String tenant;
	private final Clock clock;
	private final JtiLedger usedJtis;

	public CdsHooksJwtVerifier(SecurityProperties.CdsHooks config, Clock clock, JtiLedger usedJtis) {
		for (SecurityProperties.Issuer issuer : config.issuers()) {
			keysByIssuer.put(issuer.iss(), keys(issuer));
		}
		this.skew = config.clockSkew();
		this.tenant = config.tenant();
		this.clock = clock;
		this.usedJtis = usedJtis;
	}

	/** @param audience the URL the client called, which the token's {@code aud} must name */
	public JWTClaimsSet verify(String token, String audience) throws Rejected {
		try {
			JWT parsed = JWTParser.parse(token);
			if (!(parsed instanceof SignedJWT signed) || !ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
				throw new Rejected("not signed with ES384 or RS384", null);
			}
			String issuer = signed.getJWTClaimsSet().getIssuer();
			JWKSource<SecurityContext> keys = issuer == null ? null : keysByIssuer.get(issuer);
			if (keys == null) {
				throw new Rejected("untrusted issuer " + issuer, null);
			}
			DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
			processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
			DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
					new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("iss", "aud", "exp", "iat", "jti"));
			claims.setMaxClockSkew((int) skew.toSeconds());
			processor.setJWTClaimsSetVerifier(claims);
			JWTClaimsSet verified = processor.process(signed, null);
			Instant now = clock.instant();
			if (verified.getIssueTime().toInstant().isAfter(now.plus(skew))) {
				throw new Rejected("issued in the future", null);
			}
			if (tenant != null && !tenant.equals(verified.getStringClaim("tenant"))) {
				throw new Rejected("wrong tenant", null);
			}
			if (!usedJtis.firstUse(issuer, verified.getJWTID(), verified.getExpirationTime().toInstant().plus(skew))) {
				throw new Rejected("replayed jti", null);
			}
			return verified;
		} catch (ParseException | BadJOSEException | JOSEException e) {
			throw new Rejected(e.getMessage(), e);
		}
	}

	private static JWKSource<SecurityContext> keys(SecurityProperties.Issuer issuer) {
		try {
			if (issuer.jwks() != null && !issuer.jwks().isBlank()) {
				return new ImmutableJWKSet<>(JWKSet.parse(issuer.jwks()));
			}
			if (issuer.jwksUrl() != null && !issuer.jwksUrl().isBlank()) {
				return JWKSourceBuilder.create(URI.create(issuer.jwksUrl()).toURL()).retrying(true).build();
			}
		} catch (ParseException | MalformedURLException | IllegalArgumentException e) {
			throw new IllegalStateException("CDS Hooks issuer " + issuer.iss() + ": invalid jwks-url or jwks", e);
		}
		throw new IllegalStateException("CDS Hooks issuer " + issuer.iss() + " needs a jwks-url or jwks");
	}
}
