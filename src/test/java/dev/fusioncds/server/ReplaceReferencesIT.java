package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * HAPI's reference replacement and patient merge: refused while the audit trail is on (they would rewrite the
 * AuditEvents that name what they move, and failed on them with 400 after starting), and working with it off (they
 * answered 500: a class the jar did not ship).
 */
@FusionServerIT
class ReplaceReferencesIT {

	/** A second node, the audit trail off. */
	static ServerNode unauditedNode;
	static FhirHttp unaudited;

	@LocalServerPort
	int port;

	FhirHttp http;

	@BeforeAll
	static void startUnauditedNode() {
		unauditedNode = ServerNode.start("--spring.profiles.active=it",
				"--spring.datasource.url=jdbc:h2:mem:replace-references;DB_CLOSE_DELAY=-1", "--fusion.audit.enabled=false");
		unaudited = new FhirHttp(unauditedNode.port());
	}

	@AfterAll
	static void stopUnauditedNode() {
		unauditedNode.close();
	}

	@BeforeEach
	void client() {
		http = new FhirHttp(port);
	}

	@Test
	void areRefusedAndUnlistedWhileTheAuditTrailIsOn() {
		String source = storedLabWithBench(http, "replace-refused");
		String target = storedLab(http, "replace-refused-target");

		HttpResponse<String> replace = http.postFhir("/fhir/$hapi.fhir.replace-references", replacement("Organization/" + source,
				"Organization/" + target));
		HttpResponse<String> merge = http.postFhir("/fhir/Patient/$hapi.fhir.merge", merger("Patient/a", "Patient/b"));

		assertThat(replace.statusCode()).as(replace.body()).isEqualTo(501);
		assertThat(http.outcome(replace).getIssueFirstRep().getDiagnostics())
				.isEqualTo("$hapi.fhir.replace-references is not available while the audit trail is on (fusion.audit.enabled):"
						+ " it would rewrite the references AuditEvents hold");
		assertThat(merge.statusCode()).as(merge.body()).isEqualTo(501);
		assertThat(http.postFhir("/fhir/$hapi.fhir.undo-replace-references", replacement("Organization/" + source,
				"Organization/" + target)).statusCode()).isEqualTo(501);
		assertThat(managingOrganization(http, source)).isEqualTo("Organization/" + source);
		CapabilityStatement capabilities = http.parse(CapabilityStatement.class, http.get("/fhir/metadata"));
		assertThat(capabilities.getRestFirstRep().getOperation()).extracting(o -> o.getName())
				.contains("reevaluate").doesNotContain("hapi.fhir.replace-references", "hapi.fhir.undo-replace-references");
		assertThat(capabilities.getRestFirstRep().getResource()).filteredOn(r -> r.getType().equals("Patient")).singleElement()
				.satisfies(patient -> assertThat(patient.getOperation()).extracting(o -> o.getName())
						.contains("everything").doesNotContain("hapi.fhir.merge", "hapi.fhir.undo-merge"));
	}

	@Test
	void repointReferencesWithTheAuditTrailOff() {
		String source = storedLabWithBench(unaudited, "replace");
		String target = storedLab(unaudited, "replace-target");

		HttpResponse<String> replaced = unaudited.postFhir("/fhir/$hapi.fhir.replace-references",
				replacement("Organization/" + source, "Organization/" + target));

		assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
		assertThat(managingOrganization(unaudited, source)).isEqualTo("Organization/" + target);
		CapabilityStatement capabilities = unaudited.parse(CapabilityStatement.class, unaudited.get("/fhir/metadata"));
		assertThat(capabilities.getRestFirstRep().getOperation()).extracting(o -> o.getName())
				.contains("hapi.fhir.replace-references", "hapi.fhir.undo-replace-references");
		assertThat(capabilities.getRestFirstRep().getResource()).filteredOn(r -> r.getType().equals("Patient")).singleElement()
				.satisfies(patient -> assertThat(patient.getOperation()).extracting(o -> o.getName())
						.contains("hapi.fhir.merge", "hapi.fhir.undo-merge"));
	}

	@Test
	void mergePatientsWithTheAuditTrailOff() {
		String source = TestReports.newPatientId("merge-source");
		String target = TestReports.newPatientId("merge-target");
		assertThat(unaudited.put("/fhir/Patient/" + source, new Patient().setId(source)).statusCode()).isEqualTo(201);
		assertThat(unaudited.put("/fhir/Patient/" + target, new Patient().setId(target)).statusCode()).isEqualTo(201);
		Observation weight = new Observation().setStatus(Observation.ObservationStatus.FINAL)
				.setCode(new CodeableConcept().setText("Body weight")).setSubject(new Reference("Patient/" + source));
		weight.setId(source + "-weight");
		assertThat(unaudited.put("/fhir/Observation/" + weight.getIdPart(), weight).statusCode()).isEqualTo(201);

		HttpResponse<String> merged = unaudited.postFhir("/fhir/Patient/$hapi.fhir.merge", merger("Patient/" + source, "Patient/" + target));

		assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
		assertThat(unaudited.parse(Observation.class, unaudited.get("/fhir/Observation/" + weight.getIdPart())).getSubject().getReference())
				.isEqualTo("Patient/" + target);
	}

	private static String storedLab(FhirHttp http, String name) {
		String id = TestReports.newPatientId(name);
		assertThat(http.put("/fhir/Organization/" + id, new Organization().setName(name).setId(id)).statusCode()).isEqualTo(201);
		return id;
	}

	/** A lab and a Location it manages, {@code <lab>-bench}. */
	private static String storedLabWithBench(FhirHttp http, String name) {
		String lab = storedLab(http, name);
		Location bench = new Location().setName("Sequencing bench").setManagingOrganization(new Reference("Organization/" + lab));
		bench.setId(lab + "-bench");
		assertThat(http.put("/fhir/Location/" + bench.getIdPart(), bench).statusCode()).isEqualTo(201);
		return lab;
	}

	private static String managingOrganization(FhirHttp http, String lab) {
		return http.parse(Location.class, http.get("/fhir/Location/" + lab + "-bench")).getManagingOrganization().getReference();
	}

	private static Parameters merger(String source, String target) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("source-resource").setValue(new Reference(source));
		parameters.addParameter().setName("target-resource").setValue(new Reference(target));
		return parameters;
	}

	private static Parameters replacement(String source, String target) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("source-reference-id").setValue(new StringType(source));
		parameters.addParameter().setName("target-reference-id").setValue(new StringType(target));
		return parameters;
	}
}
