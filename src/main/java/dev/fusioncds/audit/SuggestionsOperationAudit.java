package dev.fusioncds.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;

/**
 * One AuditEvent per {@code $fusion-suggestions} call, success or failure. BALP's interceptor only
 * audits reads, searches and writes; an operation that reads a patient's whole record is neither,
 * so it records nothing for it.
 */
@Interceptor
class SuggestionsOperationAudit {

	static final String OPERATION = "$fusion-suggestions";

	private final RequestAgents agents;
	private final IBalpAuditEventSink sink;

	SuggestionsOperationAudit(RequestAgents agents, IBalpAuditEventSink sink) {
		this.agents = agents;
		this.sink = sink;
	}

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
	public void completed(ServletRequestDetails request) {
		record(request, 200);
	}

	@Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
	public boolean failed(RequestDetails request, BaseServerResponseException exception) {
		if (request instanceof ServletRequestDetails servletRequest) {
			record(servletRequest, exception.getStatusCode());
		}
		return true;
	}

	private void record(ServletRequestDetails request, int status) {
		if (!OPERATION.equals(request.getOperation())) {
			return;
		}
		String description = request.getRequestType().name() + " " + request.getCompleteUrl();
		sink.recordAuditEvent(AuditEvents.execute(agents.parties(request), OPERATION, description, patientId(request), status));
	}

	/** The patient asked about: the instance, or the {@code patient} parameter (URL or Parameters body). */
	private static String patientId(RequestDetails request) {
		if (request.getId() != null && "Patient".equals(request.getResourceName())) {
			return request.getId().getIdPart();
		}
		String[] inUrl = request.getParameters().get("patient");
		if (inUrl != null && inUrl.length > 0) {
			return idPart(inUrl[0]);
		}
		if (request.getResource() instanceof Parameters parameters
				&& parameters.getParameter("patient") != null
				&& parameters.getParameter("patient").getValue() instanceof Reference reference) {
			return idPart(reference.getReference());
		}
		return null;
	}

	private static String idPart(String reference) {
		IdType id = new IdType(reference);
		return "Patient".equals(id.getResourceType()) && id.hasIdPart() ? id.getIdPart() : null;
	}
}
