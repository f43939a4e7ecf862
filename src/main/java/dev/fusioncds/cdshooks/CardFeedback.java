package dev.fusioncds.cdshooks;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * CDS Hooks feedback, recorded on the suggestion's stored Task: accepted → {@code accepted};
 * overridden → {@code rejected} with the override reason as {@code statusReason} and the comment as
 * a note. The Task's history is the audit trail, and {@code Task?patient=…&status=rejected} finds
 * them. Re-evaluation keeps the status a clinician set. A card this server never stored (unknown
 * uuid, or cards for data only sent as prefetch) is refused with 400, so a client notices.
 */
@Component
class CardFeedback {

	private final DaoRegistry daos;

	CardFeedback(DaoRegistry daos) {
		this.daos = daos;
	}

	@Transactional
	public int record(String serviceId, JsonNode body) {
		JsonNode items = body == null ? null : body.get("feedback");
		if (items == null || !items.isArray() || items.isEmpty()) {
			throw CdsHookRequest.bad("'feedback' must be a non-empty array");
		}
		List<Task> updates = new ArrayList<>();
		for (JsonNode item : items) {
			updates.add(apply(serviceId, item));
		}
		@SuppressWarnings("unchecked")
		IFhirResourceDao<Task> tasks = daos.getResourceDao("Task");
		updates.forEach(task -> tasks.update(task, new SystemRequestDetails()));
		return updates.size();
	}

	private Task apply(String serviceId, JsonNode item) {
		String card = item.path("card").asText(null);
		String taskId = Cards.taskIdOf(card).orElseThrow(() -> CdsHookRequest.bad("Unknown card uuid '" + card + "'"));
		Task task;
		try {
			@SuppressWarnings("unchecked")
			IFhirResourceDao<Task> tasks = daos.getResourceDao("Task");
			task = tasks.read(new IdType("Task", taskId), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			throw CdsHookRequest.bad("Card '" + card + "' is not a stored suggestion (cards for prefetch-only data take no feedback)");
		}
		String outcome = item.path("outcome").asText("");
		String when = item.path("outcomeTimestamp").asText("");
		task.setIdElement(task.getIdElement().toUnqualifiedVersionless());
		switch (outcome) {
			case "accepted" -> {
				task.setStatus(Task.TaskStatus.ACCEPTED);
				task.addNote().setText("Accepted through CDS Hooks service " + serviceId + (when.isEmpty() ? "" : " at " + when));
			}
			case "overridden" -> {
				JsonNode reason = item.path("overrideReason");
				JsonNode coding = reason.path("reason");
				task.setStatus(Task.TaskStatus.REJECTED);
				if (coding.hasNonNull("code")) {
					task.setStatusReason(new CodeableConcept(new Coding(coding.path("system").asText(null),
							coding.path("code").asText(), coding.path("display").asText(null))));
				}
				String comment = reason.path("userComment").asText("");
				task.addNote().setText("Overridden through CDS Hooks service " + serviceId + (when.isEmpty() ? "" : " at " + when)
						+ (comment.isEmpty() ? "" : ": " + comment));
			}
			default -> throw CdsHookRequest.bad("'outcome' must be 'accepted' or 'overridden', not '" + outcome + "'");
		}
		return task;
	}
}
