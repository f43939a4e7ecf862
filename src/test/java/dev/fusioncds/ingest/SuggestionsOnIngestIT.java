package dev.fusioncds.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.TestReports;
import dev.fusioncds.suggest.SuggestionResources;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
class SuggestionsOnIngestIT {

	static final String[] RETRY = {"X-Retry-On-Version-Conflict", "retry; max-retries=5"};

	@LocalServerPort
	int port;

	@Test
	void storesTherapySuggestionsFindableByPlainFhirSearches() {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.newPatientId("ingest-nsclc");

		var response = http.post("/fhir", FhirHttp.FHIR_JSON, TestReports.nsclcCd74Nrg1(patient));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<MedicationRequest> proposals = http.searchResources(MedicationRequest.class,
				"/fhir/MedicationRequest?subject=Patient/" + patient + "&intent=proposal");
		assertThat(proposals).singleElement().satisfies(request -> {
			assertThat(request.getMedicationCodeableConcept().getCoding()).extracting(Coding::getCode).contains("zenocutuzumab");
			assertThat(request.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.DRAFT);
			assertThat(request.getIdentifierFirstRep().getSystem()).isEqualTo(SuggestionResources.IDENTIFIER_SYSTEM);
		});
		List<Task> tasks = http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient);
		assertThat(tasks).extracting(t -> t.getMeta().getTag(SuggestionResources.KIND_SYSTEM, "therapy") != null)
				.containsOnly(true).hasSize(1);
		assertThat(tasks.get(0).getDescription()).contains("zenocutuzumab");
		List<Observation> implications = http.searchResources(Observation.class, "/fhir/Observation?subject=Patient/" + patient
				+ "&code=http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs|therapeutic-implication");
		assertThat(implications).hasSize(1);
		assertThat(http.search("/fhir/Provenance?target=" + "MedicationRequest/" + proposals.get(0).getIdElement().getIdPart())
				.getEntry()).hasSize(1);
	}

	@Test
	void everyPatientOfOneTransactionGetsItsOwnSuggestions() throws Exception {
		FhirHttp http = new FhirHttp(port);
		String first = TestReports.newPatientId("ingest-pair-a");
		String second = TestReports.newPatientId("ingest-pair-b");
		ObjectMapper json = new ObjectMapper();
		ObjectNode transaction = (ObjectNode) json.readTree(TestReports.nsclcCd74Nrg1(first));
		((ArrayNode) transaction.path("entry")).addAll((ArrayNode) json.readTree(TestReports.nsclcCd74Nrg1(second)).path("entry"));

		var response = http.post("/fhir", FhirHttp.FHIR_JSON, transaction.toString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		for (String patient : List.of(first, second)) {
			assertThat(http.searchResources(MedicationRequest.class, "/fhir/MedicationRequest?subject=Patient/" + patient + "&intent=proposal"))
					.as(patient).singleElement()
					.satisfies(request -> assertThat(request.getMedicationCodeableConcept().getCoding()).extracting(Coding::getCode)
							.contains("zenocutuzumab"));
			assertThat(http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient)).as(patient).hasSize(1);
		}
	}

	@Test
	void repostingTheSameReportYieldsOneSuggestionSetWithoutNewVersions() {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.newPatientId("ingest-repost");
		String report = TestReports.nsclcCd74Nrg1(patient);

		assertThat(http.post("/fhir", FhirHttp.FHIR_JSON, report).statusCode()).isEqualTo(200);
		List<String> before = suggestionVersions(http, patient);
		assertThat(http.post("/fhir", FhirHttp.FHIR_JSON, report).statusCode()).isEqualTo(200);

		assertThat(suggestionVersions(http, patient)).isEqualTo(before).allMatch(v -> v.endsWith("/_history/1"));
		assertThat(http.search("/fhir/DiagnosticReport?subject=Patient/" + patient).getEntry()).hasSize(1);
	}

	@Test
	void theSameReportArrivingTwiceAtOnceYieldsOneSuggestionSet() throws Exception {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.newPatientId("ingest-race");
		String report = TestReports.nsclcCd74Nrg1(patient);
		var pool = Executors.newFixedThreadPool(2);
		try {
			var first = CompletableFuture.supplyAsync(() -> http.post("/fhir", FhirHttp.FHIR_JSON, report, RETRY), pool);
			var second = CompletableFuture.supplyAsync(() -> http.post("/fhir", FhirHttp.FHIR_JSON, report, RETRY), pool);
			assertThat(List.of(first.get().statusCode(), second.get().statusCode())).as(first.get().body() + second.get().body())
					.containsExactly(200, 200);
		} finally {
			pool.shutdown();
		}

		assertThat(http.search("/fhir/Observation?subject=Patient/" + patient + "&identifier=https://lab.example.org/fhir/sid/result|"
				+ patient + "-fusion").getEntry()).hasSize(1);
		assertThat(http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient)).hasSize(1);
	}

	@Test
	void anAmendedResultSupersedesItsSuggestions() {
		FhirHttp http = new FhirHttp(port);
		String patient = ingest(http, "ingest-amend");
		Observation fusion = fusionResult(http, patient);
		Task original = http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient).get(0);

		fusion.setStatus(Observation.ObservationStatus.AMENDED);
		fusion.addNote().setText("Breakpoint reviewed: CD74 exon 6 to NRG1 exon 6");
		assertThat(http.put("/fhir/Observation/" + fusion.getIdElement().getIdPart(), fusion).statusCode()).isEqualTo(200);

		List<Task> tasks = http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient);
		assertThat(tasks).hasSize(2);
		assertThat(tasks).filteredOn(t -> t.getIdElement().getIdPart().equals(original.getIdElement().getIdPart()))
				.singleElement().extracting(Task::getStatus).isEqualTo(Task.TaskStatus.CANCELLED);
		assertThat(tasks).filteredOn(t -> t.getStatus() == Task.TaskStatus.REQUESTED).hasSize(1);
		assertThat(http.searchResources(MedicationRequest.class, "/fhir/MedicationRequest?subject=Patient/" + patient))
				.extracting(MedicationRequest::getStatus)
				.containsExactlyInAnyOrder(MedicationRequest.MedicationRequestStatus.CANCELLED, MedicationRequest.MedicationRequestStatus.DRAFT);
	}

	@Test
	void anEnteredInErrorResultWithdrawsItsSuggestions() {
		FhirHttp http = new FhirHttp(port);
		String patient = ingest(http, "ingest-eie");
		Observation fusion = fusionResult(http, patient);

		fusion.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
		assertThat(http.put("/fhir/Observation/" + fusion.getIdElement().getIdPart(), fusion).statusCode()).isEqualTo(200);

		assertThat(http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient))
				.singleElement().extracting(Task::getStatus).isEqualTo(Task.TaskStatus.CANCELLED);
		assertThat(http.searchResources(MedicationRequest.class, "/fhir/MedicationRequest?subject=Patient/" + patient))
				.singleElement().extracting(MedicationRequest::getStatus).isEqualTo(MedicationRequest.MedicationRequestStatus.CANCELLED);
	}

	@Test
	void aDeletedResultWithdrawsItsSuggestions() {
		FhirHttp http = new FhirHttp(port);
		String patient = ingest(http, "ingest-delete");
		Observation fusion = fusionResult(http, patient);
		String report = http.search("/fhir/DiagnosticReport?subject=Patient/" + patient).getEntryFirstRep().getResource()
				.getIdElement().toUnqualifiedVersionless().getValue();

		assertThat(http.delete("/fhir/" + report).statusCode()).isEqualTo(200);
		assertThat(http.delete("/fhir/Observation/" + fusion.getIdElement().getIdPart()).statusCode()).isEqualTo(200);

		assertThat(http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient))
				.singleElement().extracting(Task::getStatus).isEqualTo(Task.TaskStatus.CANCELLED);
	}

	@Test
	void aReportMovedToAnotherPatientWithdrawsWhatItSuggestedForTheFirst() {
		FhirHttp http = new FhirHttp(port);
		String misfiled = ingest(http, "ingest-misfiled");
		String owner = TestReports.newPatientId("ingest-owner");
		assertThat(http.put("/fhir/Patient/" + owner, new Patient().setGender(Enumerations.AdministrativeGender.FEMALE).setId(owner)).statusCode())
				.isEqualTo(201);
		Observation fusion = fusionResult(http, misfiled).setSubject(new Reference("Patient/" + owner));
		DiagnosticReport report = http.searchResources(DiagnosticReport.class, "/fhir/DiagnosticReport?subject=Patient/" + misfiled).get(0)
				.setSubject(new Reference("Patient/" + owner));
		Bundle move = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		TestReports.put(move, fusion);
		TestReports.put(move, report);

		var moved = http.postFhir("/fhir", move);

		assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
		assertThat(http.searchResources(MedicationRequest.class, "/fhir/MedicationRequest?subject=Patient/" + misfiled + "&intent=proposal"))
				.isNotEmpty().extracting(MedicationRequest::getStatus).containsOnly(MedicationRequest.MedicationRequestStatus.CANCELLED);
		assertThat(http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + misfiled))
				.isNotEmpty().extracting(Task::getStatus).containsOnly(Task.TaskStatus.CANCELLED);
		assertThat(http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + owner))
				.isNotEmpty().extracting(Task::getStatus).doesNotContain(Task.TaskStatus.CANCELLED);
	}

	@Test
	void aTumorTypeArrivingAfterTheResultTurnsAReviewIntoATherapySuggestion() {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.newPatientId("ingest-later-dx");
		Bundle report = http.parse(Bundle.class, TestReports.nsclcCd74Nrg1(patient));
		report.getEntry().removeIf(e -> "Condition".equals(e.getResource().fhirType()));
		Bundle condition = http.parse(Bundle.class, TestReports.nsclcCd74Nrg1(patient));
		condition.getEntry().removeIf(e -> !"Condition".equals(e.getResource().fhirType()));
		assertThat(http.postFhir("/fhir", report).statusCode()).isEqualTo(200);
		assertThat(http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient))
				.extracting(SuggestionsOnIngestIT::ruleOf)
				.contains("TUMOR-TYPE-NOT-RECORDED")
				.noneMatch(rule -> rule.startsWith("THERAPY:"));

		assertThat(http.postFhir("/fhir", condition).statusCode()).isEqualTo(200);

		List<Task> tasks = http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient);
		assertThat(tasks).filteredOn(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
				.singleElement().satisfies(t -> assertThat(t.getMeta().getTag(SuggestionResources.KIND_SYSTEM, "therapy")).isNotNull());
		assertThat(tasks).filteredOn(t -> t.getMeta().getTag(SuggestionResources.RULE_SYSTEM, "TUMOR-TYPE-NOT-RECORDED") != null)
				.singleElement().extracting(Task::getStatus).isEqualTo(Task.TaskStatus.CANCELLED);
	}

	@Test
	void writesForPatientsWithoutFusionResultsCreateNoSuggestions() {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.newPatientId("ingest-none");
		Bundle report = http.parse(Bundle.class, TestReports.nsclcCd74Nrg1(patient));
		report.getEntry().removeIf(e -> e.getResource() instanceof Observation
				|| "DiagnosticReport".equals(e.getResource().fhirType()));

		assertThat(http.postFhir("/fhir", report).statusCode()).isEqualTo(200);

		assertThat(http.search("/fhir/Task?patient=Patient/" + patient).getEntry()).isEmpty();
		assertThat(http.search("/fhir/MedicationRequest?subject=Patient/" + patient).getEntry()).isEmpty();
	}

	private static String ingest(FhirHttp http, String prefix) {
		String patient = TestReports.storedNsclcCd74Nrg1(http, prefix);
		return patient;
	}

	private static String ruleOf(Task task) {
		return task.getMeta().getTag().stream().filter(t -> SuggestionResources.RULE_SYSTEM.equals(t.getSystem()))
				.map(Coding::getCode).findFirst().orElseThrow();
	}

	private static Observation fusionResult(FhirHttp http, String patient) {
		return http.searchResources(Observation.class, "/fhir/Observation?subject=Patient/" + patient
				+ "&identifier=https://lab.example.org/fhir/sid/result|" + patient + "-fusion").get(0);
	}

	private static List<String> suggestionVersions(FhirHttp http, String patient) {
		return java.util.stream.Stream.of("Task?patient=", "MedicationRequest?subject=", "Observation?_tag="
						+ SuggestionResources.KIND_SYSTEM + "|therapy&subject=")
				.flatMap(q -> http.search("/fhir/" + q + "Patient/" + patient).getEntry().stream())
				.map(e -> e.getResource().getIdElement().getValue().replaceAll("^.*/fhir/", ""))
				.sorted()
				.toList();
	}
}
