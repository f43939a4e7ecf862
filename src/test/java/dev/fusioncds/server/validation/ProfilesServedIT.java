package dev.fusioncds.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.suggest.SuggestionResources;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Every profile our output claims is served as a StructureDefinition, and $validate?profile= checks against it. */
@FusionServerIT
class ProfilesServedIT {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@LocalServerPort
	int port;

	private static List<Resource> examples() throws IOException {
		List<Resource> examples = new ArrayList<>();
		for (var file : new PathMatchingResourcePatternResolver().getResources("classpath*:fhir-profiles/examples/profiles/*.json")) {
			try (InputStream in = file.getInputStream()) {
				examples.add((Resource) FHIR.newJsonParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
			}
		}
		return examples;
	}

	private HttpResponse<String> validate(FhirHttp http, Resource resource) {
		String profile = resource.getMeta().getProfile().get(0).getValue();
		return http.post("/fhir/" + resource.fhirType() + "/$validate?profile=" + URLEncoder.encode(profile, StandardCharsets.UTF_8),
				FhirHttp.FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(resource));
	}

	private static List<String> errors(OperationOutcome outcome) {
		return outcome.getIssue().stream().filter(i -> i.getSeverity().ordinal() <= OperationOutcome.IssueSeverity.ERROR.ordinal())
				.map(i -> i.getDiagnostics()).toList();
	}

	@Test
	void everyClaimedProfileIsServedByItsUrl() throws IOException {
		FhirHttp http = new FhirHttp(port);
		List<String> claimed = new ArrayList<>(SuggestionResources.CLAIMED_IG_PROFILES);
		examples().forEach(e -> e.getMeta().getProfile().forEach(p -> claimed.add(p.getValue())));
		claimed.add(SuggestionResources.PROFILES + "proposed-service-request");

		for (String url : claimed.stream().distinct().toList()) {
			List<StructureDefinition> found = http.searchResources(StructureDefinition.class, "/fhir/StructureDefinition?url=" + url);
			assertThat(found).as(url).extracting(StructureDefinition::getUrl).containsExactly(url);
		}
		assertThat(claimed.stream().distinct()).hasSize(10);
	}

	@Test
	void validateWithProfileAcceptsEveryExampleAndRefusesAnOrder() throws IOException {
		FhirHttp http = new FhirHttp(port);
		for (Resource example : examples()) {
			HttpResponse<String> response = validate(http, example);
			assertThat(response.statusCode()).as(example.fhirType() + ": " + response.body()).isEqualTo(200);
			assertThat(errors(http.outcome(response))).as(example.fhirType()).isEmpty();
		}

		MedicationRequest order = examples().stream().filter(MedicationRequest.class::isInstance).map(MedicationRequest.class::cast)
				.findFirst().orElseThrow();
		order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		HttpResponse<String> refused = validate(http, order);
		assertThat(errors(http.outcome(refused))).as(refused.body()).anyMatch(m -> m.contains("proposal"));
	}
}
