package dev.fusioncds.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fusioncds.cdshooks.CdsServiceCatalog;
import dev.fusioncds.server.FhirHttp;
import dev.fusioncds.server.FusionServerIT;
import dev.fusioncds.server.TestReports;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
class AuditTrailIT {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@LocalServerPort
	int port;

	FhirHttp http;

	@BeforeEach
	void client() {
		http = new FhirHttp(port);
	}

	@Test
	void anAuditEventCanBeRecordedThroughTheApiButNeverRewrittenOrDeleted() {
		AuditEvent recorded = new AuditEvent().setAction(AuditEvent.AuditEventAction.R).setRecorded(new Date())
				.setOutcome(AuditEvent.AuditEventOutcome._0);
		recorded.getType().setSystem("http://dicom.nema.org/resources/ontology/DCM").setCode("110110");
		recorded.addAgent().setRequestor(true).getWho().setDisplay("lab interface");
		recorded.getSource().getObserver().setDisplay("lab interface");
		String id = "external-" + System.nanoTime();
		recorded.setId(id);
		assertThat(http.put("/fhir/AuditEvent/" + id, recorded).statusCode()).isEqualTo(201);

		HttpResponse<String> rewritten = http.put("/fhir/AuditEvent/" + id, recorded.setOutcome(AuditEvent.AuditEventOutcome._8));
		HttpResponse<String> deleted = http.delete("/fhir/AuditEvent/" + id);

		assertThat(rewritten.statusCode()).as(rewritten.body()).isEqualTo(405);
		assertThat(http.outcome(rewritten).getIssueFirstRep().getDiagnostics()).contains("AuditEvents are append-only").endsWith("cannot be updated");
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(405);
		AuditEvent stored = http.parse(AuditEvent.class, http.get("/fhir/AuditEvent/" + id));
		assertThat(stored.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
		assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
	}

	@Test
	void readsSearchesTheOperationAndCdsCallsOfAPatientAreAuditedAndFoundByPatient() throws Exception {
		String patient = TestReports.storedNsclcCd74Nrg1(http, "audit");
		List<Observation> observations = http.searchResources(Observation.class, "/fhir/Observation?patient=Patient/" + patient);
		String observation = "Observation/" + observations.get(0).getIdElement().getIdPart();
		assertThat(http.get("/fhir/" + observation).statusCode()).isEqualTo(200);
		assertThat(http.get("/fhir/Patient/" + patient + "/$fusion-suggestions").statusCode()).isEqualTo(200);
		assertThat(http.postJson("/cds-services/fusion-patient-view", cdsRequest(patient, "\"fhirServer\": \"http://127.0.0.1:" + port + "/fhir\",")).statusCode())
				.isEqualTo(200);
		assertThat(http.postJson("/cds-services/fusion-patient-view", cdsRequest(patient, "")).statusCode()).isEqualTo(412);

		AuditEvent read = awaitEvent(patient, e -> subtype(e, "read") && references(e, observation));
		AuditEvent search = awaitEvent(patient, e -> subtype(e, "search-type") && e.getEntity().stream()
				.anyMatch(entity -> entity.getDescription() != null && entity.getDescription().contains("Observation?patient=")));
		AuditEvent operation = awaitEvent(patient, e -> named(e, "$fusion-suggestions"));
		AuditEvent cds = awaitEvent(patient, e -> named(e, "fusion-patient-view") && e.getOutcome() == AuditEvent.AuditEventOutcome._0);
		AuditEvent refused = awaitEvent(patient, e -> named(e, "fusion-patient-view") && e.getOutcome() == AuditEvent.AuditEventOutcome._4);

		assertThat(read.getType().getCode()).isEqualTo("rest");
		assertThat(read.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
		assertThat(read.getMeta().getProfile().get(0).getValue()).isEqualTo("https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead");
		assertThat(patientEntity(read)).isEqualTo("Patient/" + patient);
		assertThat(search.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
		for (AuditEvent executed : List.of(operation, cds)) {
			assertThat(executed.getType().getCode()).isEqualTo("rest");
			assertThat(executed.getSubtypeFirstRep().getCode()).isEqualTo("operation");
			assertThat(executed.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
			assertThat(executed.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
			assertThat(patientEntity(executed)).isEqualTo("Patient/" + patient);
			// open endpoints: the caller is its address, the user anonymous
			assertThat(executed.getAgent()).extracting(a -> a.getWho().getDisplay()).contains("127.0.0.1", "anonymous");
		}
		assertThat(refused.getOutcomeDesc()).isEqualTo("HTTP 412");
		assertThat(cds.getEntity()).anyMatch(e -> e.getDescription() != null && e.getDescription().endsWith("/cds-services/fusion-patient-view"));
	}

	@Test
	void theQueueCountersAreInTheHealthDetails() throws Exception {
		JsonNode trail = new ObjectMapper().readTree(http.get("/actuator/health", "application/json").body())
				.path("components").path("auditTrail");

		assertThat(trail.path("status").asText()).isEqualTo("UP");
		assertThat(trail.path("details").path("dropped").isNumber()).isTrue();
		assertThat(trail.path("details").path("dropped").asLong()).isZero();
		assertThat(trail.path("details").path("pending").isNumber()).isTrue();
		assertThat(trail.path("details").path("lost").isNumber()).isTrue();
	}

	@Test
	void storingAuditEventsIsNotItselfAudited() {
		String patient = TestReports.newPatientId("audit-loop");
		assertThat(http.put("/fhir/Patient/" + patient, new Patient().setId(patient)).statusCode()).isEqualTo(201);
		assertThat(http.get("/fhir/Patient/" + patient).statusCode()).isEqualTo(200);
		awaitEvent(patient, e -> subtype(e, "read"));

		List<AuditEvent> events = http.searchResources(AuditEvent.class, "/fhir/AuditEvent?patient=Patient/" + patient + "&_count=200");

		assertThat(events).extracting(e -> e.getSubtypeFirstRep().getCode()).contains("update", "read");
		assertThat(events).noneMatch(e -> e.getEntity().stream().anyMatch(entity -> entity.getWhat().getReference() != null
				&& entity.getWhat().getReference().startsWith("AuditEvent/")));
	}

	@Test
	void auditEventsNeverBlockDeletingWhatTheyName() {
		String patient = TestReports.newPatientId("audit-delete");
		assertThat(http.put("/fhir/Patient/" + patient, new Patient().setId(patient)).statusCode()).isEqualTo(201);
		assertThat(http.get("/fhir/Patient/" + patient).statusCode()).isEqualTo(200);
		awaitEvent(patient, e -> subtype(e, "read"));

		HttpResponse<String> deleted = http.delete("/fhir/Patient/" + patient);

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
		assertThat(http.get("/fhir/Patient/" + patient).statusCode()).isEqualTo(410);
	}

	@Test
	void aCdsCallAboutAPatientTheStoreDoesNotHoldIsAuditedWithThePatientNamedByIdentifier() {
		String stored = TestReports.newPatientId("audit-held");
		String unknown = TestReports.newPatientId("audit-prefetch-only");
		assertThat(http.put("/fhir/Patient/" + stored, new Patient().setId(stored)).statusCode()).isEqualTo(201);
		// both in one audit batch: the unknown patient must not cost the stored one its reference
		assertThat(http.postJson("/cds-services/fusion-patient-view", cdsRequest(unknown, prefetchOf(unknown))).statusCode()).isEqualTo(200);
		assertThat(http.postJson("/cds-services/fusion-patient-view", cdsRequest(stored, prefetchOf(stored))).statusCode()).isEqualTo(200);

		awaitEvent(stored, e -> named(e, "fusion-patient-view"));
		AuditEvent unlinked = http.searchResources(AuditEvent.class, "/fhir/AuditEvent?entity-name=fusion-patient-view&_sort=-date&_count=200")
				.stream().filter(e -> e.getEntity().stream().anyMatch(entity -> ("Patient/" + unknown).equals(entity.getWhat().getIdentifier().getValue())))
				.findFirst().orElseThrow(() -> new AssertionError("no AuditEvent names Patient/" + unknown));

		AuditEvent.AuditEventEntityComponent patient = unlinked.getEntity().stream().filter(e -> "1".equals(e.getRole().getCode())).findFirst().orElseThrow();
		assertThat(patient.getWhat().getReference()).isNull();
		assertThat(patient.getWhat().getIdentifier().getSystem()).isEqualTo(AuditEvents.UNLINKED_RESOURCE_SYSTEM);
		assertThat(patient.getWhat().getDisplay()).isEqualTo("Patient/" + unknown);
	}

	private AuditEvent awaitEvent(String patient, Predicate<AuditEvent> wanted) {
		Instant deadline = Instant.now().plus(WAIT);
		while (true) {
			Optional<AuditEvent> found = http.searchResources(AuditEvent.class, "/fhir/AuditEvent?patient=Patient/" + patient + "&_count=200")
					.stream().filter(wanted).findFirst();
			if (found.isPresent()) {
				return found.get();
			}
			assertThat(Instant.now()).as("AuditEvent for Patient/" + patient + " within " + WAIT).isBefore(deadline);
			try {
				Thread.sleep(200);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}

	private static boolean subtype(AuditEvent event, String code) {
		return event.getSubtype().stream().anyMatch(s -> code.equals(s.getCode()));
	}

	private static boolean named(AuditEvent event, String name) {
		return event.getEntity().stream().anyMatch(e -> name.equals(e.getName()));
	}

	private static boolean references(AuditEvent event, String reference) {
		return event.getEntity().stream().anyMatch(e -> reference.equals(e.getWhat().getReference()));
	}

	private static String patientEntity(AuditEvent event) {
		return event.getEntity().stream().filter(e -> "1".equals(e.getRole().getCode()))
				.map(e -> e.getWhat().getReference()).findFirst().orElse(null);
	}

	/** A prefetch with the patient and nothing else: what an EHR sends about a patient only it knows. */
	private static String prefetchOf(String patient) {
		StringBuilder prefetch = new StringBuilder("\"prefetch\": {\"patient\": {\"resourceType\": \"Patient\", \"id\": \"" + patient + "\"}");
		for (String key : CdsServiceCatalog.PREFETCH.keySet()) {
			if (!key.equals("patient")) {
				prefetch.append(", \"").append(key).append("\": {\"resourceType\": \"Bundle\", \"type\": \"searchset\"}");
			}
		}
		return prefetch.append("},").toString();
	}

	private static String cdsRequest(String patient, String fhirServer) {
		return """
				{"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", %s
				 "context": {"userId": "Practitioner/example", "patientId": "%s"}}""".formatted(fhirServer, patient);
	}
}
