package dev.fusioncds.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.ServerNode;
import dev.fusioncds.server.TestReports;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server with both token checks on, keys generated here (EC P-384 and RSA), the JWKS served over
 * HTTP by this test: CDS Hooks JWTs per the spec's security section, SMART scopes on the FHIR API.
 */
class SecurityIT {

	static final String EHR = "https://ehr.example.org";
	static final String ORIGIN = "https://ehr-app.example.org";
	static final HttpClient CLIENT = HttpClient.newHttpClient();
	static ECKey ecKey;
	static RSAKey rsaKey;
	static HttpServer jwks;
	static ServerNode node;
	static String base;

	@BeforeAll
	static void start() throws Exception {
		ecKey = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
		rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		byte[] publicKeys = new JWKSet(List.of(ecKey.toPublicJWK(), rsaKey.toPublicJWK())).toString().getBytes(StandardCharsets.UTF_8);
		jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		jwks.createContext("/jwks", exchange -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, publicKeys.length);
			exchange.getResponseBody().write(publicKeys);
			exchange.close();
		});
		jwks.start();
		String jwksUrl = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
		node = ServerNode.start("--spring.profiles.active=it", "--spring.datasource.url=jdbc:h2:mem:secure-node;DB_CLOSE_DELAY=-1",
				"--fusion.security.cds-hooks.issuers[0].iss=" + EHR, "--fusion.security.cds-hooks.issuers[0].jwks-url=" + jwksUrl,
				"--fusion.security.fhir.jwk-set-uri=" + jwksUrl, "--fusion.security.cors-allowed-origins=" + ORIGIN);
		base = "http://127.0.0.1:" + node.port();
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
		}
		jwks.stop(0);
	}

	// --- CDS Hooks JWT

	@Test
	void aValidEs384TokenIsAccepted() throws Exception {
		assertThat(callHook(cdsToken(ecKey, b -> {})).statusCode()).isEqualTo(200);
	}

	@Test
	void aValidRs384TokenIsAccepted() throws Exception {
		assertThat(callHook(cdsToken(rsaKey, b -> {})).statusCode()).isEqualTo(200);
	}

	@Test
	void discoveryNeedsATokenForTheDiscoveryUrl() throws Exception {
		String token = sign(ecKey, JWSAlgorithm.ES384, claims(base + "/cds-services").build());
		assertThat(send("GET", "/cds-services", token, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/cds-services", null, null).statusCode()).isEqualTo(401);
	}

	@Test
	void refusesEveryBrokenTokenWith401AndAReasonThatLeaksNothing() throws Exception {
		ECKey stranger = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
		ECKey unknownKid = new ECKeyGenerator(Curve.P_384).keyID("who-is-this").generate();
		String hookUrl = base + "/cds-services/fusion-patient-view";
		List<String> broken = List.of(
				cdsToken(stranger, b -> {}), // bad signature: right kid, wrong key
				cdsToken(unknownKid, b -> {}),
				cdsToken(ecKey, b -> b.issuer("https://intruder.example.org")),
				cdsToken(ecKey, b -> b.audience(base + "/cds-services/fusion-order-sign")),
				cdsToken(ecKey, b -> b.expirationTime(Date.from(Instant.now().minusSeconds(300)))),
				cdsToken(ecKey, b -> b.issueTime(Date.from(Instant.now().plusSeconds(600)))
						.expirationTime(Date.from(Instant.now().plusSeconds(900)))),
				new PlainJWT(claims(hookUrl).build()).serialize(), // alg none
				hs256WithThePublicKeyAsSecret(hookUrl),
				"not.a.jwt");
		for (String token : broken) {
			HttpResponse<String> response = callHook(token);
			assertThat(response.statusCode()).as(token).isEqualTo(401);
			assertThat(response.body()).isEqualTo("{\"error\":\"Unauthorized\",\"message\":\"Invalid or missing bearer token\"}");
		}
		assertThat(callHook(null).statusCode()).isEqualTo(401);
	}

	@Test
	void aReplayedJtiIsRefused() throws Exception {
		String token = cdsToken(ecKey, b -> {});

		assertThat(callHook(token).statusCode()).isEqualTo(200);
		assertThat(callHook(token).statusCode()).isEqualTo(401);
	}

	@Test
	void corsPreflightNeedsNoToken() throws Exception {
		HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/cds-services/fusion-patient-view"))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
				.header("Origin", ORIGIN)
				.header("Access-Control-Request-Method", "POST")
				.header("Access-Control-Request-Headers", "authorization,content-type")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
	}

	// --- FHIR API: SMART scopes

	@Test
	void theFhirApiNeedsABearerTokenButMetadataDoesNot() throws Exception {
		assertThat(send("GET", "/fhir/Patient", null, null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/fhir/metadata", null, null).statusCode()).isEqualTo(200);
	}

	@Test
	void theOpenApiDocumentAndSwaggerUiTakeFhirTokensLikeTheRestOfTheApi() throws Exception {
		assertThat(send("GET", "/fhir/api-docs?page=Observation", null, null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/fhir/swagger-ui/", null, null).statusCode()).isEqualTo(401);
		HttpResponse<String> docs = send("GET", "/fhir/api-docs?page=Observation", fhirToken("user/*.rs", null), null);
		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body()).contains("/Observation/{id}:");
	}

	@Test
	void aPatientTokenSeesItsOwnCompartmentSuggestionsIncludedAndNothingElse() throws Exception {
		String writer = fhirToken("system/*.cruds", null);
		String mine = TestReports.newPatientId("secure-a");
		String other = TestReports.newPatientId("secure-b");
		assertThat(send("POST", "/fhir", writer, TestReports.nsclcCd74Nrg1(mine)).statusCode()).isEqualTo(200);
		assertThat(send("POST", "/fhir", writer, TestReports.nsclcCd74Nrg1(other)).statusCode()).isEqualTo(200);
		String patientToken = fhirToken("patient/*.rs", mine);

		assertThat(send("GET", "/fhir/Patient/" + mine, patientToken, null).statusCode()).isEqualTo(200);
		HttpResponse<String> suggestions = send("GET", "/fhir/MedicationRequest?subject=Patient/" + mine, patientToken, null);
		assertThat(suggestions.statusCode()).as(suggestions.body()).isEqualTo(200);
		assertThat(suggestions.body()).contains("zenocutuzumab");
		HttpResponse<String> tasks = send("GET", "/fhir/Task?patient=Patient/" + mine, patientToken, null);
		assertThat(tasks.statusCode()).as(tasks.body()).isEqualTo(200);
		assertThat(tasks.body()).contains("Consider zenocutuzumab");
		HttpResponse<String> operation = send("GET", "/fhir/Patient/" + mine + "/$fusion-suggestions", patientToken, null);
		assertThat(operation.statusCode()).as(operation.body()).isEqualTo(200);
		assertThat(send("GET", "/fhir/Patient/" + other + "/$fusion-suggestions", patientToken, null).statusCode()).isEqualTo(403);
		assertThat(send("GET", "/fhir/Patient/" + other, patientToken, null).statusCode()).isEqualTo(403);
		assertThat(send("GET", "/fhir/Observation?subject=Patient/" + other, patientToken, null).statusCode()).isEqualTo(403);
		assertThat(send("GET", "/fhir/$screening-gaps", patientToken, null).statusCode()).isEqualTo(403);
		assertThat(send("GET", "/fhir/$screening-gaps", fhirToken("user/*.rs", null), null).statusCode()).isEqualTo(200);
	}

	@Test
	void writesNeedAWriteScope() throws Exception {
		String patient = TestReports.newPatientId("secure-w");
		String readOnly = fhirToken("user/*.rs", null);

		assertThat(send("POST", "/fhir", readOnly, TestReports.nsclcCd74Nrg1(patient)).statusCode()).isEqualTo(403);
		assertThat(send("POST", "/fhir", fhirToken("user/*.cruds", null), TestReports.nsclcCd74Nrg1(patient)).statusCode())
				.isEqualTo(200);
	}

	// --- the review page: static files open, its data behind /fhir

	@Test
	void theReviewPageNeedsNoTokenButEverythingItShowsDoes() throws Exception {
		HttpResponse<String> page = send("GET", "/review/", null, null);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<h2>Open suggestions</h2>");
		assertThat(send("GET", "/review/suggestions.js", null, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/fhir/Task?status=requested&_include=Task:patient", null, null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/fhir/CodeSystem?url=https://fusion-cds.dev/fhir/CodeSystem/override-reason", null, null).statusCode())
				.isEqualTo(401);
	}

	@Test
	void feedbackNeedsAUserOrSystemTaskWriteScope() throws Exception {
		String patient = TestReports.newPatientId("secure-fb");
		assertThat(send("POST", "/fhir", fhirToken("system/*.cruds", null), TestReports.nsclcCd74Nrg1(patient)).statusCode()).isEqualTo(200);
		HttpResponse<String> tasks = send("GET", "/fhir/Task?patient=Patient/" + patient, fhirToken("user/Task.rs", null), null);
		String task = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, tasks.body()).getEntryFirstRep()
				.getResource().getIdElement().getIdPart();
		String accept = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"outcome\",\"valueCode\":\"accepted\"}]}";
		String feedback = "/fhir/Task/" + task + "/$feedback";

		assertThat(send("POST", feedback, null, accept).statusCode()).isEqualTo(401);
		assertThat(send("POST", feedback, fhirToken("user/*.rs", null), accept).statusCode()).isEqualTo(403);
		assertThat(send("POST", feedback, fhirToken("patient/*.cruds", patient), accept).statusCode()).isEqualTo(403);
		HttpResponse<String> allowed = send("POST", feedback, fhirToken("user/Task.rs user/Patient.rs user/CodeSystem.rs user/Task.u", null), accept);
		assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
		assertThat(allowed.body()).contains("\"status\":\"accepted\"");
	}

	@Test
	void theAuditTrailNamesTheTokensClientAndUserAndAPatientTokenReadsOnlyItsOwnPatientsTrail() throws Exception {
		String mine = TestReports.newPatientId("secure-audit-a");
		String other = TestReports.newPatientId("secure-audit-b");
		String writer = fhirToken("system/*.cruds", null);
		assertThat(send("POST", "/fhir", writer, TestReports.nsclcCd74Nrg1(mine)).statusCode()).isEqualTo(200);
		assertThat(send("POST", "/fhir", writer, TestReports.nsclcCd74Nrg1(other)).statusCode()).isEqualTo(200);
		String app = sign(rsaKey, JWSAlgorithm.RS384, new JWTClaimsSet.Builder().issuer("https://auth.example.org")
				.subject("clinician-2").claim("client_id", "tumor-board-app").claim("scope", "user/*.rs")
				.issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
		assertThat(send("GET", "/fhir/Patient/" + mine, app, null).statusCode()).isEqualTo(200);
		String hook = cdsToken(ecKey, claims -> claims.subject("ehr-user-7"));
		assertThat(send("POST", "/cds-services/fusion-patient-view", hook, """
				{"hook":"patient-view","hookInstance":"%s","context":{"userId":"Practitioner/1","patientId":"%s"},
				 "prefetch":{"patient":null,"conditions":null,"observations":null,"reports":null,"medicationStatements":null,
				 "medicationRequests":null,"medicationAdministrations":null}}""".formatted(UUID.randomUUID(), mine)).statusCode())
				.isEqualTo(200);

		List<AuditEvent> trail = awaitTrail(mine, writer, events -> events.size() >= 2 && events.stream().anyMatch(e -> hasAgent(e, "clinician-2"))
				&& events.stream().anyMatch(e -> hasAgent(e, "ehr-user-7")));

		AuditEvent read = trail.stream().filter(e -> hasAgent(e, "clinician-2")).findFirst().orElseThrow();
		assertThat(read.getAgent()).anyMatch(a -> "tumor-board-app".equals(a.getWho().getIdentifier().getValue())
				&& "https://auth.example.org".equals(a.getWho().getIdentifier().getSystem()));
		AuditEvent cds = trail.stream().filter(e -> hasAgent(e, "ehr-user-7")).findFirst().orElseThrow();
		assertThat(cds.getAgent()).anyMatch(a -> EHR.equals(a.getWho().getIdentifier().getValue()));
		String patientToken = fhirToken("patient/*.rs", mine);
		HttpResponse<String> own = send("GET", "/fhir/AuditEvent?patient=Patient/" + mine, patientToken, null);
		assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
		assertThat(own.body()).contains("ehr-user-7");
		assertThat(send("GET", "/fhir/AuditEvent?patient=Patient/" + other, patientToken, null).statusCode()).isEqualTo(403);
		assertThat(send("GET", "/fhir/AuditEvent", patientToken, null).statusCode()).isEqualTo(403);
	}

	private static List<AuditEvent> awaitTrail(String patient, String token, Predicate<List<AuditEvent>> complete) throws Exception {
		Instant deadline = Instant.now().plusSeconds(15);
		while (true) {
			HttpResponse<String> found = send("GET", "/fhir/AuditEvent?patient=Patient/" + patient + "&_count=200", token, null);
			List<AuditEvent> events = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, found.body()).getEntry()
					.stream().map(e -> (AuditEvent) e.getResource()).toList();
			if (complete.test(events)) {
				return events;
			}
			assertThat(Instant.now()).as("audit trail of " + patient).isBefore(deadline);
			Thread.sleep(200);
		}
	}

	private static boolean hasAgent(AuditEvent event, String identifier) {
		return event.getAgent().stream().anyMatch(a -> identifier.equals(a.getWho().getIdentifier().getValue()));
	}

	private interface Claims {
		void adjust(JWTClaimsSet.Builder builder);
	}

	private static String cdsToken(com.nimbusds.jose.jwk.JWK key, Claims adjust) throws Exception {
		JWTClaimsSet.Builder builder = claims(base + "/cds-services/fusion-patient-view");
		adjust.adjust(builder);
		return sign(key, key instanceof ECKey ? JWSAlgorithm.ES384 : JWSAlgorithm.RS384, builder.build());
	}

	private static JWTClaimsSet.Builder claims(String audience) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(EHR).audience(audience).issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString());
	}

	private static String fhirToken(String scope, String patient) throws Exception {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("https://auth.example.org").subject("clinician-1")
				.issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("scope", scope);
		if (patient != null) {
			claims.claim("patient", patient);
		}
		return sign(rsaKey, JWSAlgorithm.RS384, claims.build());
	}

	private static String sign(com.nimbusds.jose.jwk.JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
		JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	/** The classic algorithm-confusion attack: HS256 keyed with the issuer's public key. */
	private static String hs256WithThePublicKeyAsSecret(String audience) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims(audience).build());
		jwt.sign(new MACSigner(rsaKey.toPublicKey().getEncoded()));
		return jwt.serialize();
	}

	private static HttpResponse<String> callHook(String token) throws Exception {
		return send("POST", "/cds-services/fusion-patient-view", token, """
				{"hook":"patient-view","hookInstance":"%s","context":{"userId":"Practitioner/1","patientId":"nobody"},
				 "prefetch":{"patient":null,"conditions":null,"observations":null,"reports":null,"medicationStatements":null,
				 "medicationRequests":null,"medicationAdministrations":null}}""".formatted(UUID.randomUUID()));
	}

	private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path.replace("|", "%7C")))
				.timeout(Duration.ofSeconds(60))
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
				.header("Accept", path.startsWith("/fhir") ? FhirHttp.FHIR_JSON : "application/json");
		if (body != null) {
			request.header("Content-Type", path.startsWith("/fhir") ? FhirHttp.FHIR_JSON : "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}
