package dev.fusioncds.operations.screeninggaps;

import static dev.fusioncds.server.TestReports.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ca.uhn.fhir.context.FhirContext;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.TestReports;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

@FusionServerIT
class ScreeningGapsIT {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	/** A transaction that PUTs the patient, its cancer diagnosis and its fusion results (text, method, value, date). */
	private static String patient(String id, String diagnosis, String[]... results) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		put(bundle, new Patient().setBirthDate(new Date(0)), "Patient/" + id);
		put(bundle, new Condition().setCode(new CodeableConcept().setText(diagnosis)).setSubject(new Reference("Patient/" + id)),
				"Condition/" + id + "-dx");
		for (int i = 0; i < results.length; i++) {
			String[] r = results[i];
			put(bundle, new Observation().setStatus(Observation.ObservationStatus.FINAL).setCode(new CodeableConcept().setText(r[0]))
					.setSubject(new Reference("Patient/" + id)).setMethod(new CodeableConcept().setText(r[1]))
					.setValue(new StringType(r[2])).setEffective(new DateTimeType(r[3])), "Observation/" + id + "-r" + i);
		}
		return FHIR.newJsonParser().encodeResourceToString(bundle);
	}

	private static Bundle gaps(FhirHttp http, String query) {
		HttpResponse<String> response = http.get("/fhir/$screening-gaps" + query);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return http.parse(Bundle.class, response);
	}

	private static List<DetectedIssue> issuesOf(Bundle bundle, String patient) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r instanceof DetectedIssue issue && issue.getPatient().getReference().equals("Patient/" + patient))
				.map(DetectedIssue.class::cast).toList();
	}

	private static final List<String> POPULATIONS = List.of("initial-population", "numerator", "gap", "pending");

	/** ALL and each tumor type → [eligible, numerator, gap, pending] from the summary MeasureReport. */
	private static Map<String, List<Integer>> counts(Bundle bundle) {
		MeasureReport.MeasureReportGroupComponent group = ((MeasureReport) bundle.getEntryFirstRep().getResource()).getGroupFirstRep();
		Map<String, List<Integer>> counts = new HashMap<>();
		counts.put("ALL", POPULATIONS.stream().map(code -> group.getPopulation().stream()
				.filter(p -> p.getCode().getCodingFirstRep().getCode().equals(code)).findFirst().orElseThrow().getCount()).toList());
		for (MeasureReport.StratifierGroupComponent stratum : group.getStratifierFirstRep().getStratum()) {
			counts.put(stratum.getValue().getCodingFirstRep().getCode(), POPULATIONS.stream().map(code -> stratum.getPopulation().stream()
					.filter(p -> p.getCode().getCodingFirstRep().getCode().equals(code)).findFirst().orElseThrow().getCount()).toList());
		}
		return counts;
	}

	@Test
	void answersEachUntestedOrInadequatelyTestedPatientWithDetectedIssuesAndASummary() {
		FhirHttp http = new FhirHttp(port);
		Map<String, List<Integer>> before = counts(gaps(http, "?_count=1"));
		String untested = TestReports.newPatientId("gap-untested");
		String dnaOnly = TestReports.newPatientId("gap-dna");
		String tested = TestReports.newPatientId("gap-tested");
		String infant = TestReports.newPatientId("gap-ifs");
		for (String bundle : List.of(
				patient(untested, "Non-small cell lung cancer, stage IV"),
				patient(dnaOnly, "Non-small cell lung cancer, stage IV",
						new String[] {"NRG1 fusion", "DNA-based NGS panel", "No NRG1 fusion detected", "2026-10-01"}),
				patient(tested, "Non-small cell lung cancer, stage IV",
						new String[] {"NRG1 fusion", "RNA-based NGS", "No NRG1 fusion detected", "2026-10-01"},
						new String[] {"NTRK fusion", "RNA-based NGS", "No NTRK1, NTRK2 or NTRK3 fusion detected", "2026-10-01"}),
				patient(infant, "Infantile fibrosarcoma",
						new String[] {"Pan-TRK IHC", "Immunohistochemistry", "Pan-TRK positive (NTRK)", "2026-10-01"}))) {
			HttpResponse<String> stored = http.post("/fhir", FhirHttp.FHIR_JSON, bundle);
			assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
		}

		Bundle all = gaps(http, "?_count=1000");

		assertThat(issuesOf(all, untested)).extracting(i -> i.getCode().getCodingFirstRep().getCode(), i -> i.getSeverity().toCode())
				.containsExactlyInAnyOrder(tuple("NO-FUSION-TEST", "moderate"), tuple("NO-FUSION-TEST", "moderate"));
		assertThat(issuesOf(all, tested)).isEmpty();
		DetectedIssue dna = issuesOf(all, dnaOnly).stream().filter(i -> i.getCode().getText().contains("NRG1")).findFirst().orElseThrow();
		assertThat(dna.getCode().getCodingFirstRep().getCode()).isEqualTo("DNA-ONLY-NEGATIVE");
		assertThat(dna.getMeta().getProfile().get(0).getValue()).endsWith("/fusion-screening-gap");
		assertThat(dna.getEvidenceFirstRep().getDetail()).extracting(Reference::getReference)
				.containsExactly("Condition/" + dnaOnly + "-dx", "Observation/" + dnaOnly + "-r0");
		assertThat(dna.getMitigationFirstRep().getAction().getText()).isEqualTo("Propose: RNA-based NGS fusion panel (tissue)");
		String storedProposal = ((Reference) dna.getMitigationFirstRep().getExtensionByUrl(GapsBundle.PROPOSED_SERVICE_REQUEST).getValue())
				.getReference();
		assertThat(storedProposal).matches("ServiceRequest/fcds-[0-9a-f]+-service-request");
		ServiceRequest stored = http.parse(ServiceRequest.class, http.get("/fhir/" + storedProposal));
		assertThat(stored.getSubject().getReference()).isEqualTo("Patient/" + dnaOnly);
		DetectedIssue noTest = issuesOf(all, untested).get(0);
		String carried = ((Reference) noTest.getMitigationFirstRep().getExtensionByUrl(GapsBundle.PROPOSED_SERVICE_REQUEST).getValue())
				.getReference();
		Map<String, Resource> byUrl = all.getEntry().stream()
				.collect(Collectors.toMap(Bundle.BundleEntryComponent::getFullUrl, Bundle.BundleEntryComponent::getResource));
		assertThat(carried).startsWith("urn:uuid:");
		assertThat(byUrl.get(carried)).isInstanceOfSatisfying(ServiceRequest.class, request -> {
			assertThat(request.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.PROPOSAL);
			assertThat(request.getSubject().getReference()).isEqualTo("Patient/" + untested);
		});

		Map<String, List<Integer>> after = counts(all);
		assertThat(delta(after, before, "NSCLC")).containsExactly(3, 1, 2, 0);
		assertThat(delta(after, before, "IFS")).containsExactly(1, 0, 1, 0);
		assertThat(delta(after, before, "ALL")).containsExactly(4, 1, 3, 0);

		Bundle infantOnly = gaps(http, "?tumor=IFS&_count=1000");
		assertThat(issuesOf(infantOnly, infant)).extracting(i -> i.getCode().getCodingFirstRep().getCode(), i -> i.getSeverity().toCode())
				.containsExactly(tuple("SCREEN-NOT-CONFIRMED", "high"));
		List<DetectedIssue> ifsIssues = infantOnly.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(DetectedIssue.class::isInstance).map(DetectedIssue.class::cast).toList();
		assertThat(ifsIssues).hasSize(after.get("IFS").get(2))
				.allSatisfy(issue -> assertThat(issue.getCode().getText()).endsWith("(Infantile fibrosarcoma)"));
		assertThat(((MeasureReport) infantOnly.getEntryFirstRep().getResource()).getGroupFirstRep().getStratifierFirstRep().getStratum())
				.extracting(stratum -> stratum.getValue().getCodingFirstRep().getCode()).containsExactly("IFS");
	}

	private static List<Integer> delta(Map<String, List<Integer>> after, Map<String, List<Integer>> before, String tumor) {
		List<Integer> base = before.getOrDefault(tumor, List.of(0, 0, 0, 0));
		List<Integer> now = after.get(tumor);
		return List.of(now.get(0) - base.get(0), now.get(1) - base.get(1), now.get(2) - base.get(2), now.get(3) - base.get(3));
	}

	@Test
	void anRnaResultClosesTheGapAndADeletedDiagnosisLeavesThePopulation() {
		FhirHttp http = new FhirHttp(port);
		String id = TestReports.newPatientId("gap-close");
		assertThat(http.post("/fhir", FhirHttp.FHIR_JSON, patient(id, "Cholangiocarcinoma",
				new String[] {"NRG1 fusion", "RNA-based NGS", "NRG1 fusion test failed: insufficient tumor content", "2026-09-01"}))
				.statusCode()).isEqualTo(200);
		assertThat(issuesOf(gaps(http, "?tumor=CHOL&_count=1000"), id)).extracting(i -> i.getCode().getCodingFirstRep().getCode())
				.containsExactlyInAnyOrder("FAILED-NOT-REPEATED", "NO-FUSION-TEST");

		assertThat(http.post("/fhir", FhirHttp.FHIR_JSON, patient(id, "Cholangiocarcinoma",
				new String[] {"NRG1 fusion", "RNA-based NGS", "NRG1 fusion test failed: insufficient tumor content", "2026-09-01"},
				new String[] {"NRG1 and NTRK fusion panel", "RNA-based NGS", "No NRG1 or NTRK1/2/3 fusion detected", "2026-10-20"}))
				.statusCode()).isEqualTo(200);
		assertThat(issuesOf(gaps(http, "?tumor=CHOL&_count=1000"), id)).isEmpty();
		assertThat(jdbc.queryForList("SELECT state FROM fcds_screening_state WHERE patient_ref = ?", String.class, "Patient/" + id))
				.containsOnly("TESTED").hasSize(2);

		assertThat(http.delete("/fhir/Condition/" + id + "-dx").statusCode()).isEqualTo(200);
		assertThat(jdbc.queryForList("SELECT state FROM fcds_screening_state WHERE patient_ref = ?", String.class, "Patient/" + id)).isEmpty();
	}

	@Test
	void reevaluateRebuildsTheScreeningState() throws Exception {
		FhirHttp http = new FhirHttp(port);
		String id = TestReports.newPatientId("gap-rebuild");
		assertThat(http.post("/fhir", FhirHttp.FHIR_JSON, patient(id, "Pancreatic ductal adenocarcinoma")).statusCode()).isEqualTo(200);
		jdbc.update("DELETE FROM fcds_screening_state WHERE patient_ref = ?", "Patient/" + id);
		assertThat(issuesOf(gaps(http, "?tumor=PAAD&_count=1000"), id)).isEmpty();

		reevaluateAll(http);

		assertThat(issuesOf(gaps(http, "?tumor=PAAD&_count=1000"), id)).extracting(i -> i.getCode().getCodingFirstRep().getCode())
				.containsExactly("NO-FUSION-TEST", "NO-FUSION-TEST");
	}

	@Test
	void anUnchangedAssessmentKeepsTheTimeItWasFirstRecorded() throws Exception {
		FhirHttp http = new FhirHttp(port);
		String id = TestReports.newPatientId("gap-since");
		assertThat(http.post("/fhir", FhirHttp.FHIR_JSON, patient(id, "Cholangiocarcinoma")).statusCode()).isEqualTo(200);
		Timestamp arose = Timestamp.valueOf("2026-01-02 03:04:05");
		jdbc.update("UPDATE fcds_screening_state SET recorded_at = ? WHERE patient_ref = ?", arose, "Patient/" + id);

		reevaluateAll(http);
		assertThat(recordedAt(id)).containsOnlyKeys("NRG1", "NTRK").containsValues(arose, arose);

		assertThat(http.post("/fhir", FhirHttp.FHIR_JSON, patient(id, "Cholangiocarcinoma",
				new String[] {"NRG1 fusion", "RNA-based NGS", "NRG1 fusion test failed: insufficient tumor content", "2026-09-01"}))
				.statusCode()).isEqualTo(200);
		assertThat(recordedAt(id).get("NTRK")).isEqualTo(arose);
		assertThat(recordedAt(id).get("NRG1")).isAfter(arose);
	}

	/** Target → when its row was recorded. */
	private Map<String, Timestamp> recordedAt(String patient) {
		Map<String, Timestamp> recorded = new HashMap<>();
		jdbc.query("SELECT target, recorded_at FROM fcds_screening_state WHERE patient_ref = ?",
				(RowCallbackHandler) rs -> recorded.put(rs.getString(1), rs.getTimestamp(2)), "Patient/" + patient);
		return recorded;
	}

	private static void reevaluateAll(FhirHttp http) throws InterruptedException {
		HttpResponse<String> accepted = http.post("/fhir/$reevaluate", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Parameters\"}");
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String status = accepted.headers().firstValue("Content-Location").orElseThrow();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		while (http.get(status.substring(status.indexOf("/fhir/"))).statusCode() == 202 && Instant.now().isBefore(deadline)) {
			Thread.sleep(500);
		}
	}

	@Test
	void pagesWithANextLinkAndRefusesBadParameters() {
		FhirHttp http = new FhirHttp(port);
		for (int i = 0; i < 3; i++) {
			http.post("/fhir", FhirHttp.FHIR_JSON, patient(TestReports.newPatientId("gap-page"), "Cholangiocarcinoma"));
		}
		Bundle first = gaps(http, "?_count=2");
		assertThat(first.getEntry()).extracting(e -> e.getResource().fhirType()).filteredOn("DetectedIssue"::equals).hasSize(2);
		String next = first.getLink("next").getUrl();
		assertThat(next).endsWith("/fhir/$screening-gaps?_count=2&_offset=2");
		Bundle second = gaps(http, next.substring(next.indexOf("/$screening-gaps") + "/$screening-gaps".length()));
		Function<Bundle, List<String>> issueUrls = b -> b.getEntry().stream()
				.filter(e -> e.getResource() instanceof DetectedIssue).map(Bundle.BundleEntryComponent::getFullUrl).toList();
		assertThat(issueUrls.apply(second)).hasSize(2).doesNotContainAnyElementsOf(issueUrls.apply(first));

		HttpResponse<String> unknownTumor = http.get("/fhir/$screening-gaps?tumor=LUNG");
		assertThat(unknownTumor.statusCode()).isEqualTo(400);
		assertThat(unknownTumor.body()).contains("Unknown tumor type 'LUNG'").contains("NSCLC");
		assertThat(http.get("/fhir/$screening-gaps?_count=0").statusCode()).isEqualTo(400);
		assertThat(http.post("/fhir/$screening-gaps", FhirHttp.FHIR_JSON,
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"tumor\",\"valueCode\":\"CHOL\"}]}").statusCode()).isEqualTo(200);
	}
}
