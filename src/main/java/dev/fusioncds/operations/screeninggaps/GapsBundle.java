package dev.fusioncds.operations.screeninggaps;

import dev.fusioncds.ingest.ScreeningStates;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.Screening;
import dev.fusioncds.knowledge.TestDefinition;
import dev.fusioncds.knowledge.TumorType;
import dev.fusioncds.suggest.KnowledgeCodeSystems;
import dev.fusioncds.suggest.SuggestionResources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The {@code $screening-gaps} answer in the shape of Da Vinci DEQM {@code $care-gaps}: a summary
 * MeasureReport (one group, stratified by tumor type), then one DetectedIssue per patient and gap, each naming the ServiceRequest that
 * would close it — the engine's stored retest proposal, or a proposal carried in the Bundle.
 */
final class GapsBundle {

	static final String MEASURE = "https://fusion-cds.dev/fhir/Measure/fusion-screening";
	static final String POPULATION_SYSTEM = "https://fusion-cds.dev/fhir/CodeSystem/screening-population";
	static final String PROPOSED_SERVICE_REQUEST = SuggestionResources.PROFILES + "proposed-service-request";
	static final String TUMOR_TYPE_STRATIFIER = "tumor-type";
	private static final String MEASURE_POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";
	private static final String LOINC = "http://loinc.org";

	private final KnowledgeBase knowledge;
	private final Clock clock;

	GapsBundle(KnowledgeBase knowledge, Clock clock) {
		this.knowledge = knowledge;
		this.clock = clock;
	}

	Bundle build(List<ScreeningStates.Counts> counts, List<ScreeningStates.Row> gaps, String next) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		bundle.setTimestamp(Date.from(clock.instant()));
		if (next != null) {
			bundle.addLink().setRelation("next").setUrl(next);
		}
		MeasureReport report = measureReport(counts);
		bundle.addEntry().setFullUrl(urn("MeasureReport|" + report.getDate().getTime())).setResource(report);
		for (ScreeningStates.Row gap : gaps) {
			String key = String.join("|", gap.patient(), gap.population(), gap.target(), gap.gap());
			boolean carried = gap.proposal() == null;
			String proposal = carried ? urn("ServiceRequest|" + key) : gap.proposal();
			bundle.addEntry().setFullUrl(urn("DetectedIssue|" + key)).setResource(detectedIssue(gap, proposal));
			if (carried) {
				bundle.addEntry().setFullUrl(proposal).setResource(proposal(gap));
			}
		}
		return bundle;
	}

	/** One group over all eligible patients, stratified by tumor type (counts.get(0) is the overall row). */
	private MeasureReport measureReport(List<ScreeningStates.Counts> counts) {
		MeasureReport report = new MeasureReport();
		report.getMeta().addProfile(SuggestionResources.PROFILES + "fusion-screening-summary");
		report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
		report.setType(MeasureReport.MeasureReportType.SUMMARY);
		report.setMeasure(MEASURE);
		report.setDate(Date.from(clock.instant()));
		report.setPeriod(new Period().setEnd(report.getDate()));
		MeasureReport.MeasureReportGroupComponent group = report.addGroup();
		MeasureReport.MeasureReportGroupStratifierComponent byTumor = group.addStratifier();
		byTumor.addCode(new CodeableConcept(new Coding(POPULATION_SYSTEM, TUMOR_TYPE_STRATIFIER, "Tumor type")));
		for (ScreeningStates.Counts row : counts) {
			if (row.tumorType() == null) {
				populations(row).forEach(p -> group.addPopulation().setCode(p.code()).setCount(p.count()));
				score(row).ifPresent(group::setMeasureScore);
			} else {
				MeasureReport.StratifierGroupComponent stratum = byTumor.addStratum()
						.setValue(new CodeableConcept(new Coding(SuggestionResources.TUMOR_TYPE_SYSTEM, row.tumorType(), tumorName(row.tumorType()))));
				populations(row).forEach(p -> stratum.addPopulation().setCode(p.code()).setCount(p.count()));
				score(row).ifPresent(stratum::setMeasureScore);
			}
		}
		return report;
	}

	private record Population(CodeableConcept code, int count) {}

	private static List<Population> populations(ScreeningStates.Counts row) {
		return List.of(population(MEASURE_POPULATION, "initial-population", row.eligible()),
				population(MEASURE_POPULATION, "denominator", row.eligible()),
				population(MEASURE_POPULATION, "numerator", row.tested()),
				population(POPULATION_SYSTEM, "gap", row.withGap()),
				population(POPULATION_SYSTEM, "pending", row.pending()));
	}

	private static Population population(String system, String code, int count) {
		return new Population(new CodeableConcept(new Coding(system, code, null)), count);
	}

	/** Adequately tested ÷ eligible. */
	private static Optional<Quantity> score(ScreeningStates.Counts row) {
		return row.eligible() == 0 ? Optional.empty() : Optional.of(new Quantity().setValue(
				BigDecimal.valueOf(row.tested()).divide(BigDecimal.valueOf(row.eligible()), 4, RoundingMode.HALF_UP)));
	}

	private DetectedIssue detectedIssue(ScreeningStates.Row gap, String proposal) {
		Screening.Gap definition = knowledge.screening().gap(gap.gap()).orElseThrow();
		DetectedIssue issue = new DetectedIssue();
		issue.getMeta().addProfile(SuggestionResources.PROFILES + "fusion-screening-gap");
		issue.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
		issue.setCode(new CodeableConcept()
				.addCoding(new Coding(KnowledgeCodeSystems.SCREENING_GAP_SYSTEM, definition.code(), definition.display()))
				.setText(definition.display() + ": " + gap.target() + " (" + tumorName(gap.tumorType()) + ")"));
		issue.setSeverity(DetectedIssue.DetectedIssueSeverity.fromCode(gap.severity()));
		issue.setPatient(new Reference(gap.patient()));
		issue.setIdentified(new DateTimeType(Date.from(gap.recorded())));
		issue.setDetail(gap.detail());
		if (!gap.evidence().isEmpty()) {
			DetectedIssue.DetectedIssueEvidenceComponent evidence = issue.addEvidence();
			gap.evidence().forEach(ref -> evidence.addDetail(new Reference(ref)));
		}
		TestDefinition test = knowledge.test(gap.testId()).orElseThrow();
		DetectedIssue.DetectedIssueMitigationComponent mitigation = issue.addMitigation().setAction(testConcept(test, "Propose: "));
		mitigation.addExtension(PROPOSED_SERVICE_REQUEST, new Reference(proposal));
		return issue;
	}

	private ServiceRequest proposal(ScreeningStates.Row gap) {
		Screening.Gap definition = knowledge.screening().gap(gap.gap()).orElseThrow();
		ServiceRequest request = new ServiceRequest();
		request.getMeta().addProfile(SuggestionResources.PROFILES + "fusion-service-proposal");
		request.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
		request.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL);
		request.setCode(testConcept(knowledge.test(gap.testId()).orElseThrow(), ""));
		request.setSubject(new Reference(gap.patient()));
		gap.evidence().forEach(ref -> request.addReasonReference(new Reference(ref)));
		request.addReasonCode().setText(definition.display() + " for " + gap.target());
		request.addNote().setText(gap.detail());
		return request;
	}

	private static CodeableConcept testConcept(TestDefinition test, String prefix) {
		CodeableConcept concept = new CodeableConcept().setText(prefix + test.display());
		if (test.loinc() != null) {
			concept.addCoding(new Coding(LOINC, test.loinc(), test.display()));
		}
		return concept;
	}

	private String tumorName(String code) {
		if (TumorType.ANY_SOLID.equals(code)) {
			return KnowledgeCodeSystems.ANY_SOLID_DISPLAY;
		}
		return knowledge.tumorType(code).map(TumorType::name).orElse(code);
	}

	/** Deterministic: the same gap keeps its fullUrl from call to call. */
	private static String urn(String key) {
		return "urn:uuid:" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
	}
}
