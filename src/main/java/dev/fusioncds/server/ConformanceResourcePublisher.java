package dev.fusioncds.server;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.server.validation.ConformanceResources;
import dev.fusioncds.suggest.KnowledgeCodeSystems;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Publishes our CodeSystems, ValueSets and OperationDefinitions as readable FHIR resources. PUT by
 * id, and HAPI suppresses unchanged updates, so restarts and several nodes add no versions.
 */
@Component
@Order(0)
class ConformanceResourcePublisher implements ApplicationRunner {

	private final DaoRegistry daoRegistry;
	private final ConformanceResources resources;
	private final KnowledgeBase knowledge;

	ConformanceResourcePublisher(DaoRegistry daoRegistry, ConformanceResources resources, KnowledgeBase knowledge) {
		this.daoRegistry = daoRegistry;
		this.resources = resources;
		this.knowledge = knowledge;
	}

	@Override
	public void run(ApplicationArguments args) {
		resources.all().forEach(this::publish);
		KnowledgeCodeSystems.build(knowledge).forEach(this::publish);
	}

	private void publish(IBaseResource resource) {
		daoRegistry.getResourceDao(resource.fhirType()).update(resource, new SystemRequestDetails());
	}
}
