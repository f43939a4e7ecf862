package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** No response says which server software or version answers, none carries a stack trace, all say nosniff. */
@FusionServerIT
class ResponseHeadersIT {

	@LocalServerPort
	int port;

	@Test
	void everyEndpointFamilyAnswersWithNosniffAndNoServerVersion() {
		FhirHttp http = new FhirHttp(port);
		for (String path : List.of("/fhir/Patient?_count=1", "/fhir/metadata", "/cds-services", "/actuator/health", "/no-such-page")) {
			HttpResponse<String> response = http.get(path);
			assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
			assertThat(response.headers().map()).as(path).doesNotContainKeys("X-Powered-By", "Server", "x-powered-by", "server");
			assertThat(response.body()).as(path).doesNotContain("8.8.0").doesNotContainIgnoringCase("tomcat")
					.doesNotContain("Exception").doesNotContain("\tat ");
		}
	}

	@Test
	void capabilityStatementNamesTheProductWithoutAVersion() {
		FhirHttp http = new FhirHttp(port);
		CapabilityStatement capabilities = http.parse(CapabilityStatement.class, http.get("/fhir/metadata"));

		assertThat(capabilities.getSoftware().getName()).isEqualTo("Fusion CDS");
		assertThat(capabilities.getSoftware().hasVersion()).isFalse();
	}

	@Test
	void aMalformedQueryIsTheClientsError() throws IOException {
		String answer = raw("GET /fhir/Patient?name=% HTTP/1.1\r\nHost: localhost\r\nAccept: application/fhir+json\r\nConnection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(answer).contains("OperationOutcome").contains("percent-encoded");
	}

	@Test
	void errorsTomcatAnswersItselfRevealNothingAndSayNosniff() throws IOException {
		String answer = raw("GARBAGE\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(answer).containsIgnoringCase("X-Content-Type-Options: nosniff");
		assertThat(answer).doesNotContainIgnoringCase("tomcat").doesNotContain("Server:");
	}

	private String raw(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			in.transferTo(answer);
			return answer.toString(StandardCharsets.ISO_8859_1);
		}
	}
}
