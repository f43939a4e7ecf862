package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.cache.IResourceTypeCacheSvc;
import ca.uhn.fhir.jpa.dao.data.IResourceTypeDao;
import ca.uhn.fhir.jpa.model.entity.ResourceTypeEntity;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@FusionServerIT
class ServedResourceTypesIT {

	@Autowired
	IResourceTypeDao table;

	@Autowired
	IResourceTypeCacheSvc cache;

	@Autowired
	FhirContext fhirContext;

	/** HAPI's own service fills the table from DSTU2 and DSTU3 contexts too, whose models the server does not ship. */
	@Test
	void newDatabaseGetsTheServedVersionsResourceTypesInNameOrder() {
		assertThat(cache).isInstanceOf(ServedResourceTypes.class);
		List<String> served = fhirContext.getResourceTypes().stream().sorted().toList();
		// in the order of their ids; HAPI adds names it meets later ("(unknown)") after them
		List<ResourceTypeEntity> rows = table.findAll().stream()
				.sorted(Comparator.comparing(ResourceTypeEntity::getResourceTypeId)).toList();
		List<String> filled = rows.stream().map(ResourceTypeEntity::getResourceType).limit(served.size()).toList();

		assertThat(filled).containsExactlyElementsOf(served)
				.contains("Observation", "DiagnosticReport", "AuditEvent")
				.doesNotContain("BodySite", "DataElement");
		assertThat(cache.getResourceTypeId("Observation"))
				.isEqualTo(rows.get(served.indexOf("Observation")).getResourceTypeId());
	}
}
