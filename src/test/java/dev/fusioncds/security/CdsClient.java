package dev.fusioncds.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * A trusted CDS client for tests on nodes started with {@link #serverOptions()}: its own EC P-384
 * key, ES384 tokens with a fresh {@code jti} each, and a patient-view call with empty prefetch.
 */
public final class CdsClient {

	public static final String ISSUER = "https://ehr.example.org";
	public static final String PATIENT_VIEW = "/cds-services/fusion-patient-view";
	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ECKey key;

	public CdsClient() {
		try {
			this.key = new ECKeyGenerator(Curve.P_384).keyID("ehr-1").generate();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Makes a node trust this client's tokens (its public key given inline as the issuer's JWKS). */
	public String[] serverOptions() {
		return new String[] {"--fusion.security.cds-hooks.issuers[0].iss=" + ISSUER,
				"--fusion.security.cds-hooks.issuers[0].jwks=" + new JWKSet(key.toPublicJWK())};
	}

	/** A token for {@code audience} (the URL the node sees), valid five minutes, with a new jti. */
	public String token(String audience) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience).issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString()).build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(new ECDSASigner(key));
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
		return jwt.serialize();
	}

	/**
	 * patient-view on the node at {@code port} for a patient whose data the prefetch says is empty.
	 *
	 * @param headers extra header name, value pairs (e.g. the X-Forwarded-* a load balancer adds)
	 */
	public HttpResponse<String> patientView(int port, String token, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATIENT_VIEW))
				.timeout(Duration.ofSeconds(60))
				.POST(HttpRequest.BodyPublishers.ofString("""
						{"hook":"patient-view","hookInstance":"%s","context":{"userId":"Practitioner/1","patientId":"nobody"},
						 "prefetch":{"patient":null,"conditions":null,"observations":null,"reports":null,"medicationStatements":null,
						 "medicationRequests":null,"medicationAdministrations":null}}""".formatted(UUID.randomUUID())))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json")
				.header("Authorization", "Bearer " + token);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
