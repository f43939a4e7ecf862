package dev.fusioncds.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
class OpenApiIT {

	@LocalServerPort
	int port;

	@Test
	void systemPageDescribesOurOperationsAndTheCdsHooksEndpoints() throws Exception {
		JsonNode doc = apiDocs("System Level Operations");

		assertThat(doc.path("openapi").asText()).startsWith("3.0");
		assertThat(doc.path("servers").path(0).path("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/fhir");
		JsonNode paths = doc.path("paths");
		assertThat(paths.path("/metadata").path("get").isObject()).isTrue();
		assertThat(paths.path("/$fusion-suggestions").path("post").isObject()).isTrue();
		assertThat(paths.path("/$reevaluate").path("post").isObject()).isTrue();

		assertThat(paths.path("/cds-services").path("get").path("operationId").asText()).isEqualTo("cdsDiscovery");
		JsonNode call = paths.path("/cds-services/{id}");
		assertThat(call.path("post").path("responses").has("412")).isTrue();
		assertThat(call.path("servers").path(0).path("url").asText()).isEqualTo("http://127.0.0.1:" + port);
		assertThat(paths.path("/cds-services/{id}/feedback").path("post").path("operationId").asText()).isEqualTo("cdsFeedback");
		assertThat(doc.path("components").path("parameters").path("CdsServiceId").path("schema").path("enum"))
				.extracting(JsonNode::asText).containsExactly("fusion-patient-view", "fusion-order-sign");
		assertThat(doc.path("components").path("schemas").has("CdsHookRequest")).isTrue();
	}

	@Test
	void resourcePagesDescribeTheirInteractionsAndOperations() throws Exception {
		JsonNode observation = apiDocs("Observation").path("paths");
		assertThat(observation.path("/Observation").path("get").path("summary").asText()).startsWith("search-type");
		assertThat(observation.path("/Observation").path("post").isObject()).isTrue();
		assertThat(observation.has("/cds-services")).isFalse();

		JsonNode patient = apiDocs("Patient").path("paths");
		assertThat(patient.path("/Patient/{id}/$fusion-suggestions").path("get").isObject()).isTrue();
	}

	private JsonNode apiDocs(String page) throws Exception {
		HttpResponse<String> response =
				new FhirHttp(port).get("/fhir/api-docs?page=" + URLEncoder.encode(page, StandardCharsets.UTF_8), "text/yaml");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/yaml");
		return new ObjectMapper(new YAMLFactory()).readTree(response.body());
	}

	@Test
	void swaggerUiIsServedFromTheJarWithoutACdn() {
		FhirHttp http = new FhirHttp(port);
		HttpResponse<String> page = http.get("/fhir/swagger-ui/", "text/html");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
		assertThat(page.body()).contains("<html", "swagger-ui-bundle.js", "/fhir/api-docs").doesNotContain("cdn", "unpkg");
		HttpResponse<String> bundle = http.get("/fhir/swagger-ui/swagger-ui-bundle.js", "*/*");
		assertThat(bundle.statusCode()).isEqualTo(200);
		assertThat(bundle.body()).hasSizeGreaterThan(100_000);
	}

	/** The build ships the webjar without what the page never loads (pom: swagger-ui-assets): all it names is there. */
	@Test
	void everyAssetTheSwaggerUiPageNamesIsServed() {
		FhirHttp http = new FhirHttp(port);
		String page = http.get("/fhir/swagger-ui/", "text/html").body();
		List<String> assets = Pattern.compile("(?:src|href)=\"\\./([^\"]+)\"").matcher(page).results()
				.map(match -> match.group(1)).toList();

		assertThat(assets).contains("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js");
		for (String asset : assets) {
			HttpResponse<String> response = http.get("/fhir/swagger-ui/" + asset, "*/*");
			assertThat(response.statusCode()).as(asset).isEqualTo(200);
			assertThat(response.body()).as(asset).isNotBlank();
		}
		HttpResponse<String> sourceMap = http.get("/fhir/swagger-ui/swagger-ui-bundle.js.map", "*/*");
		assertThat(sourceMap.statusCode()).isEqualTo(404);
		assertThat(sourceMap.body()).isEqualTo("Not found: /swagger-ui/swagger-ui-bundle.js.map");
	}
}
