package dev.fusioncds.ingest;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import dev.fusioncds.suggest.SuggestionStatus;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
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

	public Outcome reconcile(List<Resource> fresh, List<Resource> stored, RequestDetails request) {
		Map<String, Resource> storedById = new HashMap<>();
		stored.forEach(r -> storedById.put(key(r), r));
		TransactionDetails transaction = knownNew(fresh, storedById);
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
			if ((previous != null && sameContent(previous, resource)) || write(resource, request, transaction).isNop()) {
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
	 * One HAPI transaction context for all writes of a reconciliation: every reference (the patient,
	 * the source results, the suggestion's own resources) is resolved once, not per resource. The
	 * suggestions that the patient's record does not hold are marked as not stored, so their PUT
	 * goes straight to insert without looking the id up. Provenance is not part of the record (it
	 * names no patient), so it is never marked.
	 */
	private static TransactionDetails knownNew(List<Resource> fresh, Map<String, Resource> storedById) {
		TransactionDetails transaction = new TransactionDetails();
		for (Resource resource : fresh) {
			if (!(resource instanceof Provenance) && !storedById.containsKey(key(resource))) {
				transaction.addResolvedResourceId(new IdType(key(resource)), null);
			}
		}
		return transaction;
	}

	@SuppressWarnings("unchecked")
	private DaoMethodOutcome write(Resource resource, RequestDetails request, TransactionDetails transaction) {
		resource.setIdElement(resource.getIdElement().toUnqualifiedVersionless());
		resource.getMeta().setVersionId(null).setLastUpdated(null);
		return daos.getResourceDao(resource.fhirType()).update(resource, null, true, false, request, transaction);
	}

	/**
	 * True when the fresh resource says what the stored one says, apart from what storage adds or
	 * reorders (version, timestamp, source, the order of tags). Then there is nothing to write, and
	 * HAPI is not asked to find that out itself: re-evaluating an unchanged patient costs reads only.
	 */
	static boolean sameContent(Resource stored, Resource fresh) {
		return withoutStorageMeta(stored).equalsDeep(withoutStorageMeta(fresh));
	}

	private static Resource withoutStorageMeta(Resource resource) {
		Resource copy = resource.copy();
		copy.setId(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
		copy.getMeta().setVersionId(null).setLastUpdated(null).setSource(null);
		// tags are a set, and the store keeps them in its own order
		copy.getMeta().getTag().sort(Comparator.comparing(Coding::getSystem, Comparator.nullsFirst(Comparator.naturalOrder()))
				.thenComparing(Coding::getCode, Comparator.nullsFirst(Comparator.naturalOrder())));
		return copy;
	}

	private static String key(Resource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}
}
