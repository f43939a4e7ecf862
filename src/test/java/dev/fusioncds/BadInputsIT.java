package dev.fusioncds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The hostile and broken requests in {@code src/test/resources/bad-inputs/cases.json}, sent over
 * HTTP: each gets exactly its expected 4xx with an OperationOutcome (FHIR API) or the CDS Hooks error
 * body, and nothing stored changes.
 */
@FusionServerIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputsIT {

	static final ObjectMapper JSON = new ObjectMapper();
	static final List<String> COUNTED = List.of("Patient", "Observation", "DiagnosticReport", "Condition", "MedicationStatement",
			"Task", "MedicationRequest", "ServiceRequest", "Provenance");
	static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	Map<String, Integer> before;
	final Map<Integer, Integer> outcomes = new TreeMap<>();

	static Stream<Arguments> cases() throws Exception {
		JsonNode corpus;
		try (InputStream in = BadInputsIT.class.getResourceAsStream("/bad-inputs/cases.json")) {
			corpus = JSON.readTree(in);
		}
		List<Arguments> cases = new ArrayList<>();
		corpus.path("cases").forEach(c -> cases.add(Arguments.of(c.path("name").asText(), c)));
		return cases.stream();
	}

	@BeforeAll
	void countBefore() {
		before = counts();
	}

	@Test
	void theCorpusHasAtLeastFiftyRequests() throws Exception {
		assertThat(cases().count()).isGreaterThanOrEqualTo(50);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void isRefusedWithItsStatusAndABodyThatSaysWhy(String name, JsonNode spec) throws Exception {
		HttpResponse<String> response = send(spec);
		outcomes.merge(response.statusCode(), 1, Integer::sum);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(spec.path("status").asInt());
		if ("cds".equals(spec.path("target").asText())) {
			var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
					.getSchema(getClass().getResourceAsStream("/cds-hooks-schema/error.schema.json"));
			assertThat(schema.validate(JSON.readTree(response.body()))).as(response.body()).isEmpty();
		} else {
			OperationOutcome outcome = FhirContext.forR4Cached().newJsonParser().parseResource(OperationOutcome.class, response.body());
			assertThat(outcome.getIssue()).as(response.body())
					.anySatisfy(issue -> {
						assertThat(issue.getSeverity()).isIn(OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueSeverity.FATAL);
						assertThat(issue.getDiagnostics()).isNotBlank();
					});
		}
		assertThat(counts()).as("stored resources after " + name).isEqualTo(before);
	}

	@AfterAll
	void report() {
		System.out.println("bad inputs: outcomes by status " + outcomes);
	}

	private HttpResponse<String> send(JsonNode spec) throws Exception {
		byte[] body = body(spec);
		HttpRequest.BodyPublisher publisher = spec.path("generate").path("chunked").asBoolean()
				? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
				: HttpRequest.BodyPublishers.ofByteArray(body);
		String path = spec.path("path").asText().replace("$", "%24").replace("|", "%7C");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(60))
				.header("Accept", "cds".equals(spec.path("target").asText()) ? "application/json" : FhirHttp.FHIR_JSON);
		String method = spec.path("method").asText();
		if ("GET".equals(method)) {
			request.GET();
		} else {
			request.method(method, publisher).header("Content-Type", spec.path("contentType").asText());
		}
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static byte[] body(JsonNode spec) throws Exception {
		if (!spec.has("generate") && !spec.has("raw") && !spec.has("json")) {
			return new byte[0];
		}
		if (spec.has("json")) {
			return JSON.writeValueAsBytes(spec.get("json"));
		}
		if (spec.has("raw")) {
			return spec.get("raw").asText().getBytes(StandardCharsets.UTF_8);
		}
		JsonNode generate = spec.path("generate");
		boolean cds = "cds".equals(spec.path("target").asText());
		String head = cds ? "{\"hook\":\"patient-view\",\"hookInstance\":" : "{\"resourceType\":\"Patient\",\"name\":[{\"family\":";
		String tail = cds ? "}" : "}]}";
		return switch (generate.path("type").asText()) {
			case "deep" -> (head + "[".repeat(generate.path("depth").asInt()) + "]".repeat(generate.path("depth").asInt()) + tail)
					.getBytes(StandardCharsets.UTF_8);
			case "huge" -> (head + "\"" + "A".repeat(generate.path("megabytes").asInt() * 1024 * 1024) + "\"" + tail)
					.getBytes(StandardCharsets.UTF_8);
			case "non-utf8" -> {
				ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				bytes.writeBytes((head + "\"").getBytes(StandardCharsets.UTF_8));
				bytes.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
				bytes.writeBytes(("\"" + tail).getBytes(StandardCharsets.UTF_8));
				yield bytes.toByteArray();
			}
			default -> throw new IllegalArgumentException("unknown generator " + generate);
		};
	}

	private Map<String, Integer> counts() {
		FhirHttp http = new FhirHttp(port);
		Map<String, Integer> counts = new TreeMap<>();
		COUNTED.forEach(type -> counts.put(type, http.count(type)));
		return counts;
	}
}
