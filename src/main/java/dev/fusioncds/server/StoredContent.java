package dev.fusioncds.server;

import java.util.Comparator;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/**
 * Whether a resource says what its stored copy says, apart from what storage adds or reorders
 * (version, timestamp, source, base URL, the order of tags): then writing it stores nothing new.
 */
public final class StoredContent {

	private StoredContent() {}

	public static boolean same(Resource stored, Resource sent) {
		return withoutStorageMeta(stored).equalsDeep(withoutStorageMeta(sent));
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
}
