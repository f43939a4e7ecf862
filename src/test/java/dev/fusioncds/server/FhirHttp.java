package dev.fusioncds.server;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Plain HTTP against a running server, so tests see exactly what a client sees on the wire. */
public final class FhirHttp {

	public static final String FHIR_JSON = "application/fhir+json";
	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final HttpClient CLIENT =
			HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String root;

	public FhirHttp(int port) {
		this.root = "http://127.0.0.1:" + port;
	}

	public HttpResponse<String> get(String path) {
		return get(path, FHIR_JSON);
	}

	public HttpResponse<String> get(String path, String accept) {
		return send(HttpRequest.newBuilder(URI.create(root + path.replace("|", "%7C"))).GET().header("Accept", accept));
	}

	/** @param headers extra header name, value pairs */
	public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.header("Content-Type", contentType)
				.header("Accept", FHIR_JSON);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	/** A POST as a CDS Hooks client sends it: JSON in, JSON accepted. */
	public HttpResponse<String> postJson(String path, String body) {
		return send(HttpRequest.newBuilder(URI.create(root + path))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json"));
	}

	public HttpResponse<String> post(String path, String contentType, HttpRequest.BodyPublisher body) {
		return send(HttpRequest.newBuilder(URI.create(root + path))
				.POST(body)
				.header("Content-Type", contentType)
				.header("Accept", FHIR_JSON));
	}

	public HttpResponse<String> put(String path, IBaseResource resource) {
		return send(HttpRequest.newBuilder(URI.create(root + path))
				.PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(resource)))
				.header("Content-Type", FHIR_JSON)
				.header("Accept", FHIR_JSON));
	}

	public HttpResponse<String> delete(String path) {
		return send(HttpRequest.newBuilder(URI.create(root + path)).DELETE().header("Accept", FHIR_JSON));
	}

	/** A search, asserted to succeed, as a Bundle. */
	public org.hl7.fhir.r4.model.Bundle search(String path) {
		HttpResponse<String> response = get(path);
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + ": HTTP " + response.statusCode() + " " + response.body());
		}
		return parse(org.hl7.fhir.r4.model.Bundle.class, response);
	}

	/** The resources of a search, asserted to succeed. */
	public <T extends IBaseResource> java.util.List<T> searchResources(Class<T> type, String path) {
		return search(path).getEntry().stream().map(e -> type.cast(e.getResource())).toList();
	}

	public HttpResponse<String> postFhir(String path, IBaseResource resource) {
		return post(path, FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(resource));
	}

	public <T extends IBaseResource> T parse(Class<T> type, HttpResponse<String> response) {
		return parse(type, response.body());
	}

	public <T extends IBaseResource> T parse(Class<T> type, String json) {
		return FHIR.newJsonParser().parseResource(type, json);
	}

	public OperationOutcome outcome(HttpResponse<String> response) {
		return parse(OperationOutcome.class, response);
	}

	/** Total count of a resource type, via {@code _summary=count}. */
	public int count(String resourceType) {
		HttpResponse<String> response = get("/fhir/" + resourceType + "?_summary=count");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("count " + resourceType + ": HTTP " + response.statusCode());
		}
		return parse(org.hl7.fhir.r4.model.Bundle.class, response).getTotal();
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
