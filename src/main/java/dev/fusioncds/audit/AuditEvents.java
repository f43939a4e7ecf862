package dev.fusioncds.audit;

import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import ca.uhn.fhir.storage.interceptor.balp.BalpProfileEnum;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Reference;

/**
 * AuditEvents for what BALP's interceptor does not see: a CDS Hooks call and our
 * {@code $fusion-suggestions} operation. Same shape as BALP's patient events (type {@code rest},
 * client / server / user agents, the patient entity with role 1) with action {@code E} (execute),
 * subtype {@code operation} and an entity naming the service or operation that ran.
 */
final class AuditEvents {

	static final String DOMAIN_RESOURCE = BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE;
	/** Identifier system of a resource an AuditEvent names but the store cannot reference (deleted, or never held). */
	static final String UNLINKED_RESOURCE_SYSTEM = "https://fusion-cds.dev/fhir/NamingSystem/audited-resource";

	private AuditEvents() {}

	/** The parties of a call: who sent it (client and user) from where, and who answered. */
	record Parties(Reference client, Reference user, String address, String server) {}

	/**
	 * @param service the CDS service id or the operation name, e.g. {@code $fusion-suggestions}
	 * @param patientId the patient's id, or null when the call named none
	 * @param status the HTTP status answered
	 */
	static AuditEvent execute(Parties parties, String service, String description, String patientId, int status) {
		AuditEvent event = new AuditEvent();
		event.getType().setSystem(BalpConstants.CS_AUDIT_EVENT_TYPE).setCode("rest").setDisplay("Restful Operation");
		event.addSubtype().setSystem(BalpConstants.CS_RESTFUL_INTERACTION).setCode("operation").setDisplay("operation");
		event.setAction(AuditEvent.AuditEventAction.E);
		event.setRecorded(new Date());
		event.setOutcome(outcome(status));
		if (status >= 300) {
			event.setOutcomeDesc("HTTP " + status);
		}
		event.getSource().getObserver().setDisplay(parties.server());

		// BALP's query profile carries the agent types of a client asking a server
		BalpProfileEnum shape = BalpProfileEnum.PATIENT_QUERY;
		AuditEvent.AuditEventAgentComponent client = event.addAgent().setWho(parties.client()).setRequestor(false);
		client.getType().addCoding(shape.getAgentClientTypeCoding());
		client.getNetwork().setAddress(parties.address()).setType(BalpConstants.AUDIT_EVENT_AGENT_NETWORK_TYPE_IP_ADDRESS);
		AuditEvent.AuditEventAgentComponent server = event.addAgent().setRequestor(false);
		server.getType().addCoding(shape.getAgentServerTypeCoding());
		server.getWho().setDisplay(parties.server());
		server.getNetwork().setAddress(parties.server()).setType(BalpConstants.AUDIT_EVENT_AGENT_NETWORK_TYPE_URI);
		AuditEvent.AuditEventAgentComponent user = event.addAgent().setWho(parties.user()).setRequestor(true);
		user.getType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType")
				.setCode("IRCP").setDisplay("information recipient");

		AuditEvent.AuditEventEntityComponent executed = event.addEntity().setName(service).setDescription(description);
		executed.getType().setSystem(BalpConstants.CS_AUDIT_ENTITY_TYPE)
				.setCode(BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT)
				.setDisplay(BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT_DISPLAY);
		if (patientId != null) {
			AuditEvent.AuditEventEntityComponent patient = event.addEntity();
			patient.getType().setSystem(BalpConstants.CS_AUDIT_ENTITY_TYPE)
					.setCode(BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON)
					.setDisplay(BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON_DISPLAY);
			patient.getRole().setSystem(BalpConstants.CS_OBJECT_ROLE)
					.setCode(BalpConstants.CS_OBJECT_ROLE_1_PATIENT)
					.setDisplay(BalpConstants.CS_OBJECT_ROLE_1_PATIENT_DISPLAY);
			patient.getWhat().setReference("Patient/" + patientId);
		}
		return event;
	}

	/** DICOM's outcome scale: success, minor failure (the client's mistake), serious failure (ours). */
	static AuditEvent.AuditEventOutcome outcome(int status) {
		if (status < 400) {
			return AuditEvent.AuditEventOutcome._0;
		}
		return status < 500 ? AuditEvent.AuditEventOutcome._4 : AuditEvent.AuditEventOutcome._8;
	}
}
