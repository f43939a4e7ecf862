package dev.fusioncds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.fusion.SafetyCorpus;
import dev.fusioncds.fusion.SafetyCorpus.Kind;
import dev.fusioncds.fusion.SafetyCorpus.Variant;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.suggest.SuggestionResources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The safety corpus through two doors of the real server: {@code $fusion-suggestions} and ingest.
 * Not one non-positive variant may come back with a drug; every positive one must.
 */
@FusionServerIT
class SafetyCorpusIT {

	private static final int PATIENTS_PER_TRANSACTION = 100;
	/** Ingest evaluates each patient inside its write: every 2nd non-positive and every 4th positive variant keeps the IT near two minutes. */
	private static final int NON_POSITIVE_STRIDE = 2;
	private static final int POSITIVE_STRIDE = 4;

	@LocalServerPort
	int port;

	@Test
	void noDrugFromANonPositiveResultThroughTheOperation() {
		FhirHttp http = new FhirHttp(port);
		List<Variant> corpus = SafetyCorpus.generate("safety-op");
		List<String> problems = new ArrayList<>();
		for (Variant variant : corpus) {
			var response = http.postFhir("/fhir/$fusion-suggestions", new Parameters().addParameter(
					new Parameters.ParametersParameterComponent().setName("bundle").setResource(variant.collection())));
			assertThat(response.statusCode()).as(variant + "\n" + response.body()).isEqualTo(200);
			List<MedicationRequest> drugs = http.parse(Bundle.class, response).getEntry().stream()
					.map(Bundle.BundleEntryComponent::getResource)
					.filter(MedicationRequest.class::isInstance).map(MedicationRequest.class::cast)
					.toList();
			if ((variant.kind() == Kind.POSITIVE) == drugs.isEmpty()) {
				problems.add(variant + " -> " + drugs.size() + " drug proposals");
			}
		}
		System.out.printf("safety corpus via $fusion-suggestions: %d variants, %d problems%n", corpus.size(), problems.size());
		assertThat(problems).isEmpty();
	}

	@Test
	void noDrugFromANonPositiveResultOnIngest() {
		FhirHttp http = new FhirHttp(port);
		List<Variant> all = SafetyCorpus.generate("safety-ingest");
		List<Variant> corpus = IntStream.range(0, all.size())
				.filter(i -> i % (all.get(i).kind() == Kind.POSITIVE ? POSITIVE_STRIDE : NON_POSITIVE_STRIDE) == 0)
				.mapToObj(all::get)
				.toList();
		long positives = corpus.stream().filter(v -> v.kind() == Kind.POSITIVE).count();
		assertThat(corpus.size() - positives).isGreaterThanOrEqualTo(1000);
		assertThat(positives).isGreaterThanOrEqualTo(100);
		for (int from = 0; from < corpus.size(); from += PATIENTS_PER_TRANSACTION) {
			Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			corpus.subList(from, Math.min(corpus.size(), from + PATIENTS_PER_TRANSACTION)).forEach(v -> v.addTo(transaction));
			var stored = http.postFhir("/fhir", transaction);
			assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
		}
		Set<String> withDrug = new HashSet<>();
		Bundle page = http.search("/fhir/MedicationRequest?_tag=" + SuggestionResources.KIND_SYSTEM + "|therapy&_count=500&_elements=subject");
		while (page != null) {
			page.getEntry().forEach(e -> withDrug.add(((MedicationRequest) e.getResource()).getSubject().getReference()));
			page = page.getLink(Bundle.LINK_NEXT) == null ? null : http.search(relative(page.getLink(Bundle.LINK_NEXT).getUrl()));
		}
		List<String> problems = corpus.stream()
				.filter(v -> (v.kind() == Kind.POSITIVE) != withDrug.contains(v.patient()))
				.map(Variant::toString)
				.toList();
		System.out.printf("safety corpus via ingest: %d non-positive and %d positive variants, %d problems%n",
				corpus.size() - positives, positives, problems.size());
		assertThat(problems).isEmpty();
	}

	private static String relative(String url) {
		return url.substring(url.indexOf("/fhir"));
	}
}
