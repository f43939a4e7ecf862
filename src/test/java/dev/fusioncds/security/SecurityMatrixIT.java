package dev.fusioncds.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.fusioncds.server.ServerNode;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The start-up rule, on the real server: {no security, CDS Hooks only, FHIR only, both} × {loopback,
 * a non-loopback address}, and the non-loopback cells again with allow-insecure. A node starts or
 * refuses as the rule says; for each node that starts, an unauthenticated request to each endpoint
 * family is refused with 401 unless that family was opened with allow-insecure; the review page's
 * static files (no patient data) answer without a token.
 */
class SecurityMatrixIT {

	enum Secured { NONE, CDS_ONLY, FHIR_ONLY, BOTH }

	static final HttpClient CLIENT = HttpClient.newHttpClient();
	static final AtomicInteger DATABASES = new AtomicInteger();
	/** A path of each family → the family's name in the refusal, in the order the guard names them. */
	static final Map<String, String> FAMILIES = new LinkedHashMap<>();
	static {
		FAMILIES.put("/fhir/Patient", "/fhir (FHIR API)");
		FAMILIES.put("/cds-services", "/cds-services (CDS Hooks)");
		FAMILIES.put("/actuator/metrics", "/actuator [metrics]");
	}
	static String jwks;
	static String outside;

	@BeforeAll
	static void keysAndAddress() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_384).keyID("matrix").generate();
		jwks = new JWKSet(key.toPublicJWK()).toString();
		outside = nonLoopbackAddress();
	}

	@Test
	void loopbackAlwaysStartsAndSecuredFamiliesAskForATokenThere() throws Exception {
		for (Secured secured : Secured.values()) {
			try (ServerNode node = start(secured, "127.0.0.1", false)) {
				for (String path : FAMILIES.keySet()) {
					assertThat(get("127.0.0.1", node.port(), path)).as(secured + " " + path).isEqualTo(authenticated(secured, path) ? 401 : 200);
				}
				assertThat(get("127.0.0.1", node.port(), "/actuator/health")).isEqualTo(200);
			}
		}
	}

	@Test
	void beyondLoopbackOnlyAFullySecuredNodeStarts() throws Exception {
		for (Secured secured : List.of(Secured.NONE, Secured.CDS_ONLY, Secured.FHIR_ONLY)) {
			List<String> open = FAMILIES.keySet().stream().filter(path -> !authenticated(secured, path)).map(FAMILIES::get).toList();
			assertThatThrownBy(() -> start(secured, outside, false).close())
					.as(secured.name())
					.hasStackTraceContaining("Refusing to listen on " + outside + ": " + open.get(0) + " is open (set ");
		}
		try (ServerNode node = start(Secured.BOTH, outside, false)) {
			for (String path : FAMILIES.keySet()) {
				assertThat(get(outside, node.port(), path)).as(path).isEqualTo(401);
			}
			assertThat(get(outside, node.port(), "/actuator/health")).isEqualTo(200);
			// the review page's static files hold no patient data; what it shows comes from /fhir (401 above)
			assertThat(get(outside, node.port(), "/review/")).isEqualTo(200);
		}
	}

	@Test
	void allowInsecureOpensOnlyWhatIsNotSecured() throws Exception {
		for (Secured secured : List.of(Secured.NONE, Secured.CDS_ONLY, Secured.FHIR_ONLY)) {
			try (ServerNode node = start(secured, outside, true)) {
				for (String path : FAMILIES.keySet()) {
					assertThat(get(outside, node.port(), path)).as(secured + " " + path).isEqualTo(authenticated(secured, path) ? 401 : 200);
				}
			}
		}
	}

	private static boolean authenticated(Secured secured, String path) {
		return path.startsWith("/cds-services")
				? secured == Secured.CDS_ONLY || secured == Secured.BOTH
				: secured == Secured.FHIR_ONLY || secured == Secured.BOTH;
	}

	private static ServerNode start(Secured secured, String address, boolean allowInsecure) {
		List<String> options = new ArrayList<>(List.of("--spring.profiles.active=it",
				"--spring.datasource.url=jdbc:h2:mem:matrix-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
				"--server.address=" + address, "--management.endpoints.web.exposure.include=health,metrics",
				"--fusion.security.allow-insecure=" + allowInsecure));
		if (secured == Secured.CDS_ONLY || secured == Secured.BOTH) {
			options.add("--fusion.security.cds-hooks.issuers[0].iss=https://ehr.example.org");
			options.add("--fusion.security.cds-hooks.issuers[0].jwks=" + jwks);
		}
		if (secured == Secured.FHIR_ONLY || secured == Secured.BOTH) {
			// never fetched: a request without a token is refused before any key is needed
			options.add("--fusion.security.fhir.jwk-set-uri=http://127.0.0.1:9/jwks");
		}
		return ServerNode.start(options.toArray(String[]::new));
	}

	private static int get(String host, int port, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
				.header("Accept", "application/json").GET().build();
		return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/** An address of this machine that is not loopback: requests to it come from a non-loopback address. */
	private static String nonLoopbackAddress() throws SocketException {
		for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (nic.isUp() && !nic.isLoopback()) {
				for (InetAddress address : Collections.list(nic.getInetAddresses())) {
					if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
						return address.getHostAddress();
					}
				}
			}
		}
		throw new IllegalStateException("this machine has no non-loopback IPv4 address to test the bind rule with");
	}
}
