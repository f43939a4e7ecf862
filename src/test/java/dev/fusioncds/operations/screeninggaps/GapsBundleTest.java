package dev.fusioncds.operations.screeninggaps;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import dev.fusioncds.ingest.ScreeningStates;
import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import dev.fusioncds.rules.ScreeningGaps;
import dev.fusioncds.server.validation.ConformanceResources;
import dev.fusioncds.server.validation.GenomicsValidator;
import dev.fusioncds.server.validation.IgPackages;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** The $screening-gaps answer: DEQM shape, proposals resolvable, every resource valid against the profile it claims. */
class GapsBundleTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private final GapsBundle gaps = new GapsBundle(KnowledgeBaseLoader.fromClasspath(), Clock.fixed(NOW, ZoneOffset.UTC));

	private static ScreeningStates.Row row(String patient, String gap, String proposal) {
		return new ScreeningStates.Row(patient, "NSCLC", "NSCLC", "NRG1", ScreeningGaps.State.GAP, gap, "high", "RNA_NGS", proposal,
				"No fusion test for NRG1 (Non-small cell lung cancer).", List.of("Condition/dx", "Observation/o1"), NOW);
	}

	@Test
	void summaryFirstThenEachGapWithTheProposalThatClosesIt() {
		Bundle bundle = gaps.build(List.of(new ScreeningStates.Counts(null, 10, 4, 1, 5), new ScreeningStates.Counts("NSCLC", 8, 3, 1, 4)),
				List.of(row("Patient/a", "NO-FUSION-TEST", null), row("Patient/b", "DNA-ONLY-NEGATIVE", "ServiceRequest/fcds-1-service-request")),
				"http://x/fhir/$screening-gaps?_count=2&_offset=2");

		assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType())
				.containsExactly("MeasureReport", "DetectedIssue", "ServiceRequest", "DetectedIssue");
		MeasureReport report = (MeasureReport) bundle.getEntry().get(0).getResource();
		assertThat(report.getGroup()).hasSize(1);
		assertThat(report.getGroupFirstRep().getPopulation()).extracting(p -> p.getCode().getCodingFirstRep().getCode() + "=" + p.getCount())
				.containsExactly("initial-population=10", "denominator=10", "numerator=4", "gap=5", "pending=1");
		assertThat(report.getGroupFirstRep().getMeasureScore().getValue()).isEqualByComparingTo("0.4");
		MeasureReport.StratifierGroupComponent nsclc = report.getGroupFirstRep().getStratifierFirstRep().getStratumFirstRep();
		assertThat(nsclc.getValue().getCodingFirstRep().getCode()).isEqualTo("NSCLC");
		assertThat(nsclc.getPopulation()).extracting(p -> p.getCode().getCodingFirstRep().getCode() + "=" + p.getCount())
				.containsExactly("initial-population=8", "denominator=8", "numerator=3", "gap=4", "pending=1");
		DetectedIssue carried = (DetectedIssue) bundle.getEntry().get(1).getResource();
		assertThat(proposal(carried)).isEqualTo(bundle.getEntry().get(2).getFullUrl()).startsWith("urn:uuid:");
		assertThat(((ServiceRequest) bundle.getEntry().get(2).getResource()).getSubject().getReference()).isEqualTo("Patient/a");
		assertThat(proposal((DetectedIssue) bundle.getEntry().get(3).getResource())).isEqualTo("ServiceRequest/fcds-1-service-request");
		assertThat(bundle.getLink("next").getUrl()).endsWith("_offset=2");
		assertThat(gaps.build(List.of(), List.of(row("Patient/a", "NO-FUSION-TEST", null)), null).getEntry().get(1).getFullUrl())
				.isEqualTo(bundle.getEntry().get(1).getFullUrl());
	}

	private static String proposal(DetectedIssue issue) {
		return ((Reference) issue.getMitigationFirstRep().getExtensionByUrl(GapsBundle.PROPOSED_SERVICE_REQUEST).getValue()).getReference();
	}

	@Test
	void everyResourceValidatesAgainstItsProfile() {
		GenomicsValidator validator = new GenomicsValidator(FHIR,
				IgPackages.load(FHIR, new String[] {"classpath:fhir-profiles/packages/hl7.fhir.uv.genomics-reporting-3.0.0.tgz"}),
				ConformanceResources.loadFromClasspath(FHIR));
		Bundle bundle = gaps.build(List.of(new ScreeningStates.Counts(null, 2, 0, 0, 2)),
				List.of(row("Patient/a", "NO-FUSION-TEST", null), row("Patient/b", "SCREEN-NOT-CONFIRMED", "ServiceRequest/fcds-2-service-request")),
				null);

		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			assertThat(entry.getResource().getMeta().getProfile()).hasSize(1);
			assertThat(validator.validate(entry.getResource()).getMessages())
					.as(entry.getResource().fhirType())
					.filteredOn(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).isEmpty();
		}
	}
}
