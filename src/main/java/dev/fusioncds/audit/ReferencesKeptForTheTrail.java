package dev.fusioncds.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.NotImplementedOperationException;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * HAPI's {@code $hapi.fhir.replace-references} and {@code $hapi.fhir.merge} (on every resource type; {@code $merge}
 * too, should HAPI's Patient merge provider be registered) repoint every reference to a resource, the audit trail's
 * included: they would rewrite AuditEvents, which record what happened as it happened,
 * and HAPI's patch fails on them anyway (an AuditEvent names several entities: "FhirPath returns more than 1
 * element: AuditEvent.entity.what", 400, for every resource the API has written). With the trail on they, and their
 * undo operations, are refused up front (501) and left out of the CapabilityStatement; with it off they run as HAPI
 * ships them.
 */
@Interceptor
final class ReferencesKeptForTheTrail {

	static final Set<String> OPERATIONS = Set.of(ProviderConstants.OPERATION_REPLACE_REFERENCES,
			ProviderConstants.OPERATION_UNDO_REPLACE_REFERENCES, ProviderConstants.OPERATION_HAPI_FHIR_MERGE,
			ProviderConstants.OPERATION_UNDO_MERGE, ProviderConstants.OPERATION_MERGE);

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void refuse(RequestDetails request) {
		if (request.getOperation() != null && OPERATIONS.contains(request.getOperation())) {
			throw new NotImplementedOperationException(request.getOperation() + " is not available while the audit trail is on"
					+ " (fusion.audit.enabled): it would rewrite the references AuditEvents hold");
		}
	}

	/** The statement names operations without their {@code $}. */
	private static boolean isRefused(CapabilityStatement.CapabilityStatementRestResourceOperationComponent operation) {
		return OPERATIONS.contains("$" + operation.getName());
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void unlist(IBaseConformance statement) {
		for (CapabilityStatement.CapabilityStatementRestComponent rest : ((CapabilityStatement) statement).getRest()) {
			rest.getOperation().removeIf(ReferencesKeptForTheTrail::isRefused);
			rest.getResource().forEach(resource -> resource.getOperation().removeIf(ReferencesKeptForTheTrail::isRefused));
		}
	}
}
