package dev.fusioncds.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.DeleteConflictList;
import ca.uhn.fhir.jpa.delete.DeleteConflictOutcome;

/**
 * An AuditEvent is history: its reference to a patient or a result must not stop a client from
 * deleting them (HAPI would answer 409). Its reference stays, so the patient's trail stays searchable.
 */
@Interceptor
class AuditEventsNeverBlockDeletes {

	@Hook(Pointcut.STORAGE_PRESTORAGE_DELETE_CONFLICTS)
	public DeleteConflictOutcome deleteConflicts(DeleteConflictList conflicts) {
		conflicts.removeIf(conflict -> "AuditEvent".equals(conflict.getSourceId().getResourceType()));
		return null;
	}
}
