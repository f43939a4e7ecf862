package dev.fusioncds.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The trail records what happened; nobody rewrites it. Through the FHIR API an AuditEvent can be created (a system
 * may record its own events here) but never updated, patched or deleted while the trail is on: 405, in a
 * transaction too. On the REST server only, so the trail's own writer (system requests) never meets it.
 */
@Interceptor
final class AuditTrailAppendOnly {

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void update(IBaseResource previous, IBaseResource resource) {
		refuseForAuditEvent(resource, "updated");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void delete(IBaseResource resource) {
		refuseForAuditEvent(resource, "deleted");
	}

	private static void refuseForAuditEvent(IBaseResource resource, String what) {
		if ("AuditEvent".equals(resource.fhirType())) {
			throw new MethodNotAllowedException("AuditEvents are append-only while the audit trail is on (fusion.audit.enabled):"
					+ " this one cannot be " + what);
		}
	}
}
