package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A client's mistake is a 4xx with an OperationOutcome, never a 500, and nothing is stored. */
@FusionServerIT
class BadRequestIT {

	@LocalServerPort
	int port;

	FhirHttp http;
	int patientsBefore;

	@BeforeEach
	void countPatients() {
		http = new FhirHttp(port);
		patientsBefore = http.count("Patient");
	}

	@Test
	void malformedJsonIs400() {
		HttpResponse<String> response = http.post("/fhir/Patient", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Patient\",");

		assertRejected(response, 400, "Failed to parse request body as JSON");
	}

	@Test
	void resourceTypeNotMatchingTheUrlIs400() {
		HttpResponse<String> response = http.post(
				"/fhir/Patient", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}");

		assertRejected(response, 400, "expected \"Patient\" but found \"Observation\"");
	}

	@Test
	void unknownResourceTypeIs404() {
		HttpResponse<String> response = http.post("/fhir/Foo", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Foo\"}");

		assertRejected(response, 404, "Unknown resource type 'Foo'");
	}

	@Test
	void bodyOverTenMegabytesIs413() {
		String body = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}]}";

		HttpResponse<String> response = http.post("/fhir/Patient", FhirHttp.FHIR_JSON, body);

		assertRejected(response, 413, "exceeds the limit of 10485760 bytes");
	}

	@Test
	void chunkedBodyOverTheLimitIs413() {
		byte[] chunk = "x".repeat(1024 * 1024).getBytes();
		// no declared length: the JDK client sends it chunked
		HttpRequest.BodyPublisher unsized = HttpRequest.BodyPublishers.ofByteArrays(Stream.concat(
						Stream.of("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"".getBytes()),
						Stream.generate(() -> chunk).limit(11))
				.toList());

		HttpResponse<String> response = http.post("/fhir/Patient", FhirHttp.FHIR_JSON, unsized);

		assertRejected(response, 413, "exceeds the limit");
	}

	@Test
	void xmlWithExternalEntityIsRefusedWithoutResolvingIt() {
		String xxe = """
				<?xml version="1.0"?>
				<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
				<Patient xmlns="http://hl7.org/fhir"><name><family value="&xxe;"/></name></Patient>
				""";

		HttpResponse<String> response = http.post("/fhir/Patient", "application/fhir+xml", xxe);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("OperationOutcome").contains("Undeclared general entity").doesNotContain("root:");
		assertThat(http.count("Patient")).isEqualTo(patientsBefore);
	}

	@Test
	void turtleFormatIs406NotA500() {
		assertRejected(http.get("/fhir/Patient?_format=ttl"), 406, "_format=Turtle (RDF) is not supported");
		assertRejected(http.get("/fhir/metadata?_format=text%2Fturtle"), 406, "this server speaks FHIR JSON");
		assertRejected(http.get("/fhir/Patient?%5Fformat=ttl"), 406, "_format=Turtle (RDF) is not supported");
	}

	@Test
	void acceptNamingOnlyTurtleIs406() {
		assertRejected(http.get("/fhir/Patient", "text/turtle"), 406, "Accept names only Turtle (RDF)");
	}

	@Test
	void acceptPreferringTurtleIsAnsweredInWhatItAlsoAccepts() {
		HttpResponse<String> response = http.get("/fhir/Patient?_summary=count", "text/turtle, application/fhir+json;q=0.5");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/fhir+json"));
		assertThat(http.parse(Bundle.class, response).getTotal()).isEqualTo(patientsBefore);
	}

	@Test
	void aFormatHapiServesWinsOverAnAcceptNamingTurtle() {
		HttpResponse<String> response = http.get("/fhir/Patient?_summary=count&_format=json", "text/turtle");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(http.parse(Bundle.class, response).getTotal()).isEqualTo(patientsBefore);
	}

	@Test
	void turtleFormatInAFormSearchBodyIs406() {
		HttpResponse<String> response = http.post("/fhir/Patient/_search", "application/x-www-form-urlencoded", "_format=ttl");

		assertRejected(response, 406, "_format=Turtle (RDF) is not supported");
	}

	@Test
	void turtleBodyIs415() {
		HttpResponse<String> response = http.post("/fhir/Patient", "text/turtle", "@prefix fhir: <http://hl7.org/fhir/> .");

		assertRejected(response, 415, "Turtle (RDF) request bodies are not supported");
	}

	private void assertRejected(HttpResponse<String> response, int status, String diagnosticsFragment) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		OperationOutcome outcome = http.outcome(response);
		assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(diagnosticsFragment);
		assertThat(http.count("Patient")).isEqualTo(patientsBefore);
	}
}
