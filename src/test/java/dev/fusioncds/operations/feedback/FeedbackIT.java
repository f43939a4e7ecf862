package dev.fusioncds.operations.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.TestReports;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
class FeedbackIT {

	static final String REASONS = "https://fusion-cds.dev/fhir/CodeSystem/override-reason";

	@LocalServerPort
	int port;

	@Test
	void aRejectionWithReasonAndCommentIsStoredOnTheSuggestionTask() {
		FhirHttp http = new FhirHttp(port);
		String task = suggestionTask(http, "fb-reject");

		var response = http.post("/fhir/Task/" + task + "/$feedback", FhirHttp.FHIR_JSON, """
				{"resourceType":"Parameters","parameter":[{"name":"outcome","valueCode":"rejected"},
				 {"name":"reason","valueCoding":{"system":"%s","code":"patient-declined"}},
				 {"name":"comment","valueString":"Prefers to wait for the next scan"}]}""".formatted(REASONS));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(http.parse(Task.class, response).getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
		Task stored = http.parse(Task.class, http.get("/fhir/Task/" + task));
		assertThat(stored.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
		assertThat(stored.getStatusReason().getCodingFirstRep().getSystem()).isEqualTo(REASONS);
		assertThat(stored.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("patient-declined");
		assertThat(stored.getStatusReason().getCodingFirstRep().getDisplay()).isEqualTo("Patient declined");
		assertThat(stored.getNote()).hasSize(2);
		assertThat(stored.getNote().get(0).getText()).contains("**Evidence level:**");
		assertThat(stored.getNote().get(1).getText()).startsWith("Rejected through $feedback at ")
				.endsWith(": Prefers to wait for the next scan");
	}

	@Test
	void anAcceptanceSetsTheTaskAccepted() {
		FhirHttp http = new FhirHttp(port);
		String task = suggestionTask(http, "fb-accept");

		var response = http.post("/fhir/Task/" + task + "/$feedback", FhirHttp.FHIR_JSON,
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"outcome\",\"valueCode\":\"accepted\"}]}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Task stored = http.parse(Task.class, http.get("/fhir/Task/" + task));
		assertThat(stored.getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);
		assertThat(stored.hasStatusReason()).isFalse();
		assertThat(stored.getNote()).extracting(Annotation::getText).last().asString().startsWith("Accepted through $feedback at ");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', value = {
			"no outcome;[{\"name\":\"comment\",\"valueString\":\"x\"}]",
			"unknown outcome;[{\"name\":\"outcome\",\"valueCode\":\"overridden\"}]",
			"rejected without a reason;[{\"name\":\"outcome\",\"valueCode\":\"rejected\"}]",
			"reason from another system;[{\"name\":\"outcome\",\"valueCode\":\"rejected\"},{\"name\":\"reason\",\"valueCoding\":{\"system\":\"http://example.org\",\"code\":\"patient-declined\"}}]",
			"unknown reason code;[{\"name\":\"outcome\",\"valueCode\":\"rejected\"},{\"name\":\"reason\",\"valueCoding\":{\"system\":\"" + REASONS + "\",\"code\":\"bored\"}}]",
			"accepted with a reason;[{\"name\":\"outcome\",\"valueCode\":\"accepted\"},{\"name\":\"reason\",\"valueCoding\":{\"system\":\"" + REASONS + "\",\"code\":\"patient-declined\"}}]",
	})
	void badInputIs400AndLeavesTheTaskAlone(String name, String parameters) {
		FhirHttp http = new FhirHttp(port);
		String task = suggestionTask(http, "fb-bad");

		var response = http.post("/fhir/Task/" + task + "/$feedback", FhirHttp.FHIR_JSON,
				"{\"resourceType\":\"Parameters\",\"parameter\":" + parameters + "}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(http.outcome(response).getIssueFirstRep().getDiagnostics()).isNotBlank();
		Task stored = http.parse(Task.class, http.get("/fhir/Task/" + task));
		assertThat(stored.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
	}

	@Test
	void anUnknownTaskOrAClientsOwnTaskIs404() {
		FhirHttp http = new FhirHttp(port);
		Task own = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
		own.setId("client-task-" + TestReports.newPatientId("t"));
		assertThat(http.put("/fhir/Task/" + own.getIdPart(), own).statusCode()).isIn(200, 201);
		String accept = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"outcome\",\"valueCode\":\"accepted\"}]}";

		var unknown = http.post("/fhir/Task/fcds-000000000000000000000000-task/$feedback", FhirHttp.FHIR_JSON, accept);
		var clients = http.post("/fhir/Task/" + own.getIdPart() + "/$feedback", FhirHttp.FHIR_JSON, accept);

		assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
		assertThat(http.outcome(unknown).getIssueFirstRep().getDiagnostics()).contains("not a stored Fusion CDS suggestion");
		assertThat(clients.statusCode()).as(clients.body()).isEqualTo(404);
		assertThat(http.parse(Task.class, http.get("/fhir/Task/" + own.getIdPart())).getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
	}

	@Test
	void capabilityStatementListsTheOperationWithItsDefinition() {
		FhirHttp http = new FhirHttp(port);

		CapabilityStatement capabilities = http.parse(CapabilityStatement.class, http.get("/fhir/metadata"));

		assertThat(capabilities.getRestFirstRep().getResource()).filteredOn(r -> "Task".equals(r.getType())).singleElement()
				.satisfies(task -> assertThat(task.getOperation())
						.extracting(CapabilityStatement.CapabilityStatementRestResourceOperationComponent::getDefinition)
						.contains(FeedbackProvider.CANONICAL));
		assertThat(http.search("/fhir/OperationDefinition?url=" + FeedbackProvider.CANONICAL).getEntry())
				.singleElement().extracting(e -> ((OperationDefinition) e.getResource()).getCode())
				.isEqualTo("feedback");
	}

	/** Stores an NSCLC CD74-NRG1 report; ingest creates one suggestion Task (zenocutuzumab). */
	private static String suggestionTask(FhirHttp http, String prefix) {
		String patient = TestReports.storedNsclcCd74Nrg1(http, prefix);
		return http.searchResources(Task.class, "/fhir/Task?patient=Patient/" + patient).get(0).getIdElement().getIdPart();
	}
}
