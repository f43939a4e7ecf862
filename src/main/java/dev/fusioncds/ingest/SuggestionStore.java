package dev.fusioncds.ingest;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.fusioncds.suggest.SuggestionStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
		Set<String> freshIds = new HashSet<>();
		int written = 0;
		int unchanged = 0;
		boolean targetsUnchanged = true;
		for (Resource resource : fresh) {
			freshIds.add(key(resource));
			if (resource instanceof Provenance) {
				// The Provenance records when its targets were last written: rewrite it only when they were.
				if (!targetsUnchanged) {
					write(resource, request);
				}
				targetsUnchanged = true;
				continue;
			}
			Resource previous = storedById.get(key(resource));
			if (previous != null) {
				SuggestionStatus.carryOver(previous, resource);
			}
			if ((previous != null && sameContent(previous, resource)) || write(resource, request).isNop()) {
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
				write(previous, request);
				withdrawn++;
			}
		}
		return new Outcome(written, unchanged, withdrawn);
	}

	@SuppressWarnings("unchecked")
	private DaoMethodOutcome write(Resource resource, RequestDetails request) {
		resource.setIdElement(resource.getIdElement().toUnqualifiedVersionless());
		resource.getMeta().setVersionId(null).setLastUpdated(null);
		return daos.getResourceDao(resource.fhirType()).update(resource, request);
	}

	/**
	 * True when the fresh resource says what the stored one says, apart from what storage adds
	 * (version, timestamp, source). Then there is nothing to write, and HAPI is not asked to find that
	 * out itself: re-evaluating an unchanged patient costs reads only.
	 */
	static boolean sameContent(Resource stored, Resource fresh) {
		return withoutStorageMeta(stored).equalsDeep(withoutStorageMeta(fresh));
	}

	private static Resource withoutStorageMeta(Resource resource) {
		Resource copy = resource.copy();
		copy.setId(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
		copy.getMeta().setVersionId(null).setLastUpdated(null).setSource(null);
		return copy;
	}

	private static String key(Resource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}
}
