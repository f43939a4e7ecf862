package dev.fusioncds.suggest;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A clinician's decision on a suggestion, recorded on its stored Task — the one feedback path of
 * every door (CDS Hooks feedback, the {@code $feedback} operation the review page calls): accepted →
 * status {@code accepted}; rejected → {@code rejected} with the reason as {@code statusReason}. Each
 * decision adds a note saying how and when (and the comment), after the explanation, which stays
 * {@code note[0]}. The Task's history is the audit trail; re-evaluation keeps what was set
 * ({@link SuggestionStatus#carryOver}).
 */
@Component
public class SuggestionFeedback {

	/**
	 * @param taskId id of the suggestion's Task ({@code fcds-…-task})
	 * @param reason why it was rejected; null when accepted or none given
	 * @param note what the Task's history should say about this decision
	 */
	public record Decision(String taskId, boolean accepted, Coding reason, String note) {}

	/** A decision about a Task that is not a stored suggestion of ours (unknown, deleted, or a client's own Task). */
	public static final class NotASuggestion extends RuntimeException {

		private final String taskId;

		NotASuggestion(String taskId) {
			super("Task/" + taskId + " is not a stored Fusion CDS suggestion");
			this.taskId = taskId;
		}

		public String taskId() {
			return taskId;
		}
	}

	private final DaoRegistry daos;

	SuggestionFeedback(DaoRegistry daos) {
		this.daos = daos;
	}

	/**
	 * Records every decision, or none: all Tasks are checked before any is written.
	 *
	 * @return the updated Tasks, in the order of the decisions
	 * @throws NotASuggestion for the first decision whose Task is not a stored suggestion
	 */
	@Transactional
	public List<Task> record(List<Decision> decisions) {
		List<Task> decided = new ArrayList<>();
		for (Decision decision : decisions) {
			decided.add(apply(storedSuggestion(decision.taskId()), decision));
		}
		List<Task> updated = new ArrayList<>();
		for (Task task : decided) {
			var outcome = tasks().update(task, new SystemRequestDetails());
			updated.add(outcome.getResource() instanceof Task stored ? stored : task);
		}
		return updated;
	}

	private Task storedSuggestion(String taskId) {
		if (!SuggestionResources.isOurId(taskId)) {
			throw new NotASuggestion(taskId);
		}
		Task task;
		try {
			task = tasks().read(new IdType("Task", taskId), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			throw new NotASuggestion(taskId);
		}
		if (!SuggestionResources.isSuggestion(task)) {
			throw new NotASuggestion(taskId);
		}
		task.setIdElement(task.getIdElement().toUnqualifiedVersionless());
		return task;
	}

	private static Task apply(Task task, Decision decision) {
		if (decision.accepted()) {
			task.setStatus(Task.TaskStatus.ACCEPTED);
		} else {
			task.setStatus(Task.TaskStatus.REJECTED);
			if (decision.reason() != null) {
				task.setStatusReason(new CodeableConcept(decision.reason()));
			}
		}
		task.addNote().setText(decision.note());
		return task;
	}

	@SuppressWarnings("unchecked")
	private IFhirResourceDao<Task> tasks() {
		return daos.getResourceDao("Task");
	}
}
