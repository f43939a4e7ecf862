package dev.fusioncds.ingest;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import dev.fusioncds.server.StoredContent;
import dev.fusioncds.suggest.SuggestionStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Brings a patient's stored suggestions in line with a fresh evaluation. Resources have
 * deterministic ids and are written with PUT only when their content differs from the stored copy
 * (HAPI also suppresses updates that change nothing), so an unchanged suggestion costs no write and
 * no new version; a suggestion no longer made is withdrawn
 * ({@link SuggestionStatus#withdraw}), never deleted.
 */
@Component
public class SuggestionStore {

	/** What one reconciliation did, for logs and tests. */
	public record Outcome(int written, int unchanged, int withdrawn) {}

	private final DaoRegistry daos;

	SuggestionStore(DaoRegistry daos) {
		this.daos = daos;
	}

	/** @param fresh the evaluation's resources; @param record what the patient's record held before it */
	public Outcome reconcile(List<Resource> fresh, PatientRecord.Contents record, RequestDetails request) {
		List<Resource> stored = record.suggestions();
		Map<String, Resource> storedById = new HashMap<>();
		stored.forEach(r -> storedById.put(key(r), r));
		TransactionDetails transaction = resolvedUpFront(fresh, storedById, record);
		Set<String> freshIds = new HashSet<>();
		int written = 0;
		int unchanged = 0;
		boolean targetsUnchanged = true;
		for (Resource resource : fresh) {
			freshIds.add(key(resource));
			if (resource instanceof Provenance) {
				// The Provenance records when its targets were last written: rewrite it only when they were.
				if (!targetsUnchanged) {
					write(resource, request, transaction);
				}
				targetsUnchanged = true;
				continue;
			}
			Resource previous = storedById.get(key(resource));
			if (previous != null) {
				SuggestionStatus.carryOver(previous, resource);
			}
			// an unchanged suggestion is not handed to HAPI at all: re-evaluating an unchanged patient costs reads only
			if ((previous != null && StoredContent.same(previous, resource)) || write(resource, request, transaction).isNop()) {
				unchanged++;
			} else {
				written++;
				targetsUnchanged = false;
			}
		}
		int withdrawn = 0;
		for (Resource previous : stored) {
			if (!freshIds.contains(key(previous)) && !SuggestionStatus.isWithdrawn(previous)) {
				SuggestionStatus.withdraw(previous);
				write(previous, request, transaction);
				withdrawn++;
			}
		}
		return new Outcome(written, unchanged, withdrawn);
	}

	/**
	 * One HAPI transaction context for all writes of a reconciliation, told up front what the store
	 * holds, so that HAPI looks nothing up that the record already showed: every resource the record
	 * loaded is known by its storage id (references to the patient and its results resolve, and a
	 * stored suggestion is found, without a query), and every fresh resource the record does not hold
	 * is known to be new (its PUT goes straight to insert). A Provenance names no patient, so the
	 * record never holds one: it is new exactly when every resource of its suggestion is new (it
	 * follows them in {@code fresh}, and a stored target cannot be deleted while a Provenance names it).
	 */
	private static TransactionDetails resolvedUpFront(List<Resource> fresh, Map<String, Resource> storedById,
			PatientRecord.Contents record) {
		TransactionDetails transaction = new TransactionDetails();
		Stream.concat(record.input().stream(), record.suggestions().stream()).forEach(resource -> {
			JpaPid stored = IDao.RESOURCE_PID.get(resource);
			if (stored != null) {
				transaction.addResolvedResourceId(new IdType(key(resource)), stored);
			}
		});
		boolean suggestionIsNew = true;
		for (Resource resource : fresh) {
			boolean isNew = resource instanceof Provenance ? suggestionIsNew : !storedById.containsKey(key(resource));
			if (isNew) {
				transaction.addResolvedResourceId(new IdType(key(resource)), null);
			}
			suggestionIsNew = resource instanceof Provenance || (suggestionIsNew && isNew);
		}
		return transaction;
	}

	@SuppressWarnings("unchecked")
	private DaoMethodOutcome write(Resource resource, RequestDetails request, TransactionDetails transaction) {
		resource.setIdElement(resource.getIdElement().toUnqualifiedVersionless());
		resource.getMeta().setVersionId(null).setLastUpdated(null);
		return daos.getResourceDao(resource.fhirType()).update(resource, null, true, false, request, transaction);
	}

	private static String key(Resource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}
}
