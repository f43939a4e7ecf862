package dev.fusioncds.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.rules.Suggestion;
import dev.fusioncds.rules.SuggestionKind;
import dev.fusioncds.suggest.Evaluator;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/**
 * Realistic multi-sentence report texts, written blind by a second author after the reader was
 * built ({@code safety/heldout-probes.json}): no drug for a gene the probe does not call DETECTED,
 * and the agreement of every status printed.
 */
class HeldoutProbesTest {

	private static final Evaluator EVALUATOR = new Evaluator(KnowledgeBaseLoader.fromClasspath(),
			Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));

	@Test
	void noDrugForAGeneAProbeDoesNotCallDetected() throws IOException {
		JsonNode probes;
		try (InputStream in = HeldoutProbesTest.class.getResourceAsStream("/safety/heldout-probes.json")) {
			probes = new ObjectMapper().readTree(in);
		}
		Map<String, Integer> agreement = new TreeMap<>();
		List<String> unsafe = new ArrayList<>();
		List<String> disagreements = new ArrayList<>();
		for (JsonNode probe : probes.isArray() ? probes : probes.path("probes")) {
			Evaluator.Result result = EVALUATOR.evaluate(resources(probe), Jurisdiction.US);
			probe.path("expect").fields().forEachRemaining(expected -> {
				String gene = expected.getKey();
				String read = result.findings().stream().filter(f -> f.target().symbol().equals(gene))
						.map(f -> f.status().name()).findFirst().orElse("NONE");
				agreement.merge(expected.getValue().asText() + " read " + read, 1, Integer::sum);
				if (!read.equals(expected.getValue().asText())) {
					disagreements.add(probe.path("id").asText() + " " + gene + " expected " + expected.getValue().asText() + " read " + read
							+ ": " + probe.path("text").asText());
				}
				boolean drug = result.evaluation().suggestions().stream()
						.anyMatch(s -> s.kind() == SuggestionKind.THERAPY && gene.equals(s.target()));
				if (drug && !"DETECTED".equals(expected.getValue().asText())) {
					unsafe.add(probe.path("id").asText() + " " + gene + " (" + expected.getValue().asText() + "): "
							+ probe.path("text").asText() + "\n    " + result.evaluation().suggestions().stream()
									.map(Suggestion::summary).toList());
				}
			});
		}
		System.out.println("held-out probes, expected vs read: " + agreement);
		disagreements.forEach(d -> System.out.println("  " + d));
		assertThat(unsafe).as("drugs proposed from non-positive probes").isEmpty();
	}

	private static List<Resource> resources(JsonNode probe) {
		String text = probe.path("text").asText();
		String field = probe.path("field").asText();
		Consumer<Observation> shape = switch (field) {
			case "valueString" -> o -> o.setValue(new StringType(text));
			case "note" -> o -> o.addNote().setText(text);
			default -> o -> {};
		};
		return SafetyCorpus.patientWithResult(probe.path("id").asText(), probe.path("testName").asText(), shape,
				"valueString".equals(field) || "note".equals(field) ? null : text);
	}
}
