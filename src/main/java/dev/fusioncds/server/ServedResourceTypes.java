package dev.fusioncds.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.cache.ResourceTypeCacheSvcImpl;
import ca.uhn.fhir.jpa.dao.data.IResourceTypeDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.entity.ResourceTypeEntity;
import ca.uhn.fhir.jpa.util.MemoryCacheService;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.transaction.annotation.Propagation;

/**
 * HAPI's resource-type table, first filled with the resource types of the FHIR version we serve. HAPI fills an
 * empty table from DSTU2, DSTU3, R4 and R5 contexts, and the server ships without the DSTU2 and DSTU3 models (pom,
 * fhir-trimmed), so it could not start on a new database. A table that is already filled (by HAPI or an earlier
 * build) is used as it is, and a type missing from it is added when first stored, as HAPI does. Two nodes starting
 * on one new database both find it empty; the one that commits second takes the first one's rows.
 */
class ServedResourceTypes extends ResourceTypeCacheSvcImpl {

	private static final Logger log = LoggerFactory.getLogger(ServedResourceTypes.class);

	/** HAPI's bean of this name, defined in its JpaConfig. */
	static final String BEAN = "resourceTypeCacheSvc";

	private final IHapiTransactionService transactions;
	private final IResourceTypeDao table;
	private final FhirContext fhirContext;

	ServedResourceTypes(
			IHapiTransactionService transactions, IResourceTypeDao table, MemoryCacheService cache, FhirContext fhirContext) {
		super(transactions, table, cache);
		this.transactions = transactions;
		this.table = table;
		this.fhirContext = fhirContext;
	}

	@Override
	protected void initResourceTypes() {
		try {
			inNewTransaction(() -> {
				List<ResourceTypeEntity> types = table.findAll();
				return types.isEmpty() ? fill() : types;
			});
		} catch (ResourceVersionConflictException e) {
			// another node filled the empty table first: HAPI reports the unique names' violation as a conflict
			log.info("Resource type table filled by another node: {}", e.getMessage());
			inNewTransaction(table::findAll);
		}
	}

	private List<ResourceTypeEntity> fill() {
		List<ResourceTypeEntity> types = table.saveAll(fhirContext.getResourceTypes().stream().sorted().map(name -> {
			ResourceTypeEntity type = new ResourceTypeEntity();
			type.setResourceType(name);
			return type;
		}).toList());
		log.info("Resource type table filled with the {} types of FHIR {}", types.size(), fhirContext.getVersion().getVersion());
		return types;
	}

	/** Reads (or fills) the table in a transaction of its own and caches its rows once that commits. */
	private void inNewTransaction(Supplier<List<ResourceTypeEntity>> rows) {
		transactions.withSystemRequestOnDefaultPartition().withPropagation(Propagation.REQUIRES_NEW).execute(() -> {
			rows.get().forEach(type -> addToCache(type.getResourceType(), type.getResourceTypeId()));
			return null;
		});
	}

	/** Puts this class in place of HAPI's bean, which keeps its name (a HAPI that renames it fails the start). */
	static BeanDefinitionRegistryPostProcessor replacingHapis() {
		return (BeanDefinitionRegistry registry) -> {
			if (!BEAN.equals(registry.getBeanDefinition(BEAN).getFactoryMethodName())) {
				throw new IllegalStateException("HAPI's bean " + BEAN + " is no longer its resource-type cache");
			}
			registry.removeBeanDefinition(BEAN);
			RootBeanDefinition definition = new RootBeanDefinition(ServedResourceTypes.class);
			definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
			registry.registerBeanDefinition(BEAN, definition);
		};
	}
}
