package dev.fusioncds.suggest;

import java.util.Set;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * The workflow status of an emitted resource: what "withdrawn" means for each type (a cancelled
 * Task or MedicationRequest — R4 has no "revoked" there — a revoked ServiceRequest, a cancelled
 * implication), and carrying a clinician's status over when
 * the same suggestion is emitted again.
 */
public final class SuggestionStatus {

	private static final Set<String> WITHDRAWN = Set.of("cancelled", "revoked", "entered-in-error");

	private SuggestionStatus() {}

	public static boolean isWithdrawn(Resource resource) {
		return WITHDRAWN.contains(statusCode(resource));
	}

	/** Marks a suggestion as no longer made. */
	public static void withdraw(Resource resource) {
		if (resource instanceof Task task) {
			task.setStatus(Task.TaskStatus.CANCELLED);
		} else if (resource instanceof MedicationRequest request) {
			request.setStatus(MedicationRequest.MedicationRequestStatus.CANCELLED);
		} else if (resource instanceof ServiceRequest request) {
			request.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
		} else if (resource instanceof Observation observation) {
			observation.setStatus(Observation.ObservationStatus.CANCELLED);
		}
	}

	/**
	 * Keeps what someone set on the stored copy — status (accepted, rejected, completed, active…) and,
	 * on a Task, the status reason and notes (e.g. CDS Hooks feedback) — unless we withdrew it. The same
	 * id means the same suggestion content, so the stored notes already hold ours.
	 */
	public static void carryOver(Resource stored, Resource fresh) {
		if (isWithdrawn(stored) || !stored.fhirType().equals(fresh.fhirType())) {
			return;
		}
		if (fresh instanceof Task task) {
			Task previous = (Task) stored;
			task.setStatus(previous.getStatus());
			task.setStatusReason(previous.getStatusReason());
			task.setNote(previous.getNote());
		} else if (fresh instanceof MedicationRequest request) {
			request.setStatus(((MedicationRequest) stored).getStatus());
		} else if (fresh instanceof ServiceRequest request) {
			request.setStatus(((ServiceRequest) stored).getStatus());
		} else if (fresh instanceof Observation observation) {
			observation.setStatus(((Observation) stored).getStatus());
		}
	}

	private static String statusCode(Resource resource) {
		if (resource instanceof Task task && task.hasStatus()) {
			return task.getStatus().toCode();
		} else if (resource instanceof MedicationRequest request && request.hasStatus()) {
			return request.getStatus().toCode();
		} else if (resource instanceof ServiceRequest request && request.hasStatus()) {
			return request.getStatus().toCode();
		} else if (resource instanceof Observation observation && observation.hasStatus()) {
			return observation.getStatus().toCode();
		}
		return "";
	}
}
