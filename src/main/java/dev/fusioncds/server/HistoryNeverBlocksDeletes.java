package dev.fusioncds.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.DeleteConflict;
import ca.uhn.fhir.jpa.api.model.DeleteConflictList;
import ca.uhn.fhir.jpa.delete.DeleteConflictOutcome;
import ca.uhn.fhir.model.primitive.IdDt;
import dev.fusioncds.suggest.SuggestionResources;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * References that must not stop a client from deleting what they name: an AuditEvent's (history; the reference stays,
 * so the trail stays searchable) and our suggestions' (a lab deletes a result, and the deletion withdraws what rested
 * on it). Every other reference still does (HAPI answers 409).
 *
 * <p>HAPI looks for one referencing resource first and asks again for more only if a hook says so: when the one it
 * found is an AuditEvent, the list comes empty out of this hook though an Observation may still name the patient. So
 * then this looks for a reference of any other kind and, if there is one, puts it back as the conflict.
 */
@Interceptor
public class HistoryNeverBlocksDeletes {

	private static final String OTHER_REFERENCE = "SELECT l.mySourceResource.myResourceType, l.mySourceResource.myFhirId, l.mySourcePath"
			+ " FROM ResourceLink l WHERE l.myTargetResource.myResourceType = :type AND l.myTargetResource.myFhirId = :id"
			+ " AND l.myTargetResourceVersion IS NULL AND l.mySourceResourceType <> 'AuditEvent'"
			+ " AND l.mySourceResource.myFhirId NOT LIKE :ours";

	@PersistenceContext
	private EntityManager entityManager;

	@Hook(Pointcut.STORAGE_PRESTORAGE_DELETE_CONFLICTS)
	public DeleteConflictOutcome deleteConflicts(DeleteConflictList conflicts) {
		IdDt target = null;
		for (DeleteConflict conflict : conflicts) {
			if (isHistory(conflict.getSourceId())) {
				target = conflict.getTargetId();
			}
		}
		conflicts.removeIf(conflict -> isHistory(conflict.getSourceId()));
		if (target != null && conflicts.isEmpty()) {
			otherReferenceTo(target, conflicts);
		}
		return null;
	}

	private static boolean isHistory(IdDt source) {
		return "AuditEvent".equals(source.getResourceType()) || SuggestionResources.isOurId(source.getIdPart());
	}

	/** A reference to the target from a resource that is neither history nor being deleted in the same request. */
	private void otherReferenceTo(IdDt target, DeleteConflictList conflicts) {
		List<Object[]> links = entityManager.createQuery(OTHER_REFERENCE, Object[].class)
				.setParameter("type", target.getResourceType())
				.setParameter("id", target.getIdPart())
				.setParameter("ours", SuggestionResources.ID_PREFIX + "%")
				.setMaxResults(100)
				.getResultList();
		for (Object[] link : links) {
			IdDt source = new IdDt((String) link[0], (String) link[1]);
			if (!conflicts.isResourceIdMarkedForDeletion(source)) {
				conflicts.add(new DeleteConflict(source, (String) link[2], target));
				return;
			}
		}
	}
}
