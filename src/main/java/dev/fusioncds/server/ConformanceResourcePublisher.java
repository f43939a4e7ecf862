package dev.fusioncds.server;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.server.validation.ConformanceResources;
import dev.fusioncds.server.validation.IgPackages;
import dev.fusioncds.suggest.KnowledgeCodeSystems;
import dev.fusioncds.suggest.SuggestionResources;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Publishes our CodeSystems, ValueSets, OperationDefinitions and profiles, and the Genomics
 * Reporting IG profiles our output claims, as readable FHIR resources ({@code StructureDefinition?url=}).
 * PUT by id, and HAPI suppresses unchanged updates, so restarts and several nodes add no versions.
 */
@Component
@Order(0)
class ConformanceResourcePublisher implements ApplicationRunner {

	private final DaoRegistry daoRegistry;
	private final ConformanceResources resources;
	private final KnowledgeBase knowledge;
	private final IgPackages igPackages;

	ConformanceResourcePublisher(DaoRegistry daoRegistry, ConformanceResources resources, KnowledgeBase knowledge, IgPackages igPackages) {
		this.daoRegistry = daoRegistry;
		this.resources = resources;
		this.knowledge = knowledge;
		this.igPackages = igPackages;
	}

	@Override
	public void run(ApplicationArguments args) {
		resources.all().forEach(this::publish);
		KnowledgeCodeSystems.build(knowledge).forEach(this::publish);
		igPackages.profiles(SuggestionResources.CLAIMED_IG_PROFILES).forEach(this::publish);
	}

	private void publish(IBaseResource resource) {
		daoRegistry.getResourceDao(resource.fhirType()).update(resource, new SystemRequestDetails());
	}
}
