package dev.fusioncds.server;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * Wires HAPI's JPA storage into Spring Boot: the entity manager over Boot's DataSource, HAPI's
 * storage settings, and Batch2 (which coordinates background jobs through the same database).
 */
@Configuration
@Import({
	JpaR4Config.class,
	ca.uhn.fhir.jpa.config.HapiJpaConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	// the in-process message broker that Batch2 hands work items through
	SubscriptionChannelConfig.class,
	ThreadPoolFactoryConfig.class
})
public class HapiJpaConfig {

	private static final String HIBERNATE_SEARCH = "hibernate.search.enabled";

	/** For every delete, a system one included. */
	@Bean
	HistoryNeverBlocksDeletes historyNeverBlocksDeletes(IInterceptorService interceptors) {
		HistoryNeverBlocksDeletes interceptor = new HistoryNeverBlocksDeletes();
		interceptors.registerInterceptor(interceptor);
		return interceptor;
	}

	@Bean
	static BeanDefinitionRegistryPostProcessor servedResourceTypes() {
		return ServedResourceTypes.replacingHapis();
	}

	@Bean
	public JpaStorageSettings jpaStorageSettings(@Value("${fusion.search.token-text:false}") boolean tokenText) {
		JpaStorageSettings settings = new JpaStorageSettings();
		// Suggestions reference lab results by business identifier; a client may PUT with its own ids.
		settings.setAllowExternalReferences(false);
		settings.setIndexMissingFields(StorageSettings.IndexEnabledEnum.DISABLED);
		// The words of codes (Coding.display, CodeableConcept.text, Identifier.type.text) beside the
		// codes serve only :text searches on tokens, which no client of ours sends; every write paid
		// for them (a GRIG report's Observations: 31 of 70 token and string index rows). Off, HAPI
		// answers such a search 405 (HAPI-1219), never with an empty page.
		settings.setSuppressStringIndexingInTokens(!tokenText);
		// Re-posting an unchanged resource must not mint a new version (idempotent ingest).
		settings.setSuppressUpdatesWithNoChange(true);
		// A search must see the suggestions the previous write produced, not a cached page of before.
		settings.setReuseCachedSearchResultsForMillis(null);
		// Tags live in the resource body and are indexed as a token search parameter: no shared
		// TagDefinition rows, whose cached entities HAPI 8.8 attaches to two sessions at once under
		// concurrent tagged writes (our suggestions all carry tags).
		settings.setTagStorageMode(JpaStorageSettings.TagStorageModeEnum.INLINE);
		return settings;
	}

	@Bean
	public PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	public SubscriptionSettings subscriptionSettings() {
		return new SubscriptionSettings();
	}

	@Bean
	public IBinaryStorageSvc binaryStorageSvc() {
		return new DatabaseBinaryContentStorageSvcImpl();
	}

	@Primary
	@Bean
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			JpaProperties jpaProperties,
			DataSource dataSource) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		var properties = jpaProperties.getProperties();
		properties.putIfAbsent(AvailableSettings.HBM2DDL_AUTO, "update");
		properties.putIfAbsent(AvailableSettings.STATEMENT_BATCH_SIZE, "20");
		properties.putIfAbsent(AvailableSettings.USE_SECOND_LEVEL_CACHE, "false");
		properties.putIfAbsent(AvailableSettings.USE_QUERY_CACHE, "false");
		// full-text search needs the Lucene the server ships only a few names of (pom: fhir-trimmed)
		if (Boolean.parseBoolean(properties.getOrDefault(HIBERNATE_SEARCH, "false"))) {
			throw new IllegalStateException("spring.jpa.properties." + HIBERNATE_SEARCH
					+ "=true: full-text search is not available, the server ships without Lucene");
		}
		properties.put(HIBERNATE_SEARCH, "false");
		// HAPI builds its searches as JPA criteria queries, which Hibernate re-translates to SQL on every
		// call unless their plans may be cached: +40 % CDS calls/s when reading from the store.
		properties.putIfAbsent("hibernate.criteria.plan_cache_enabled", "true");
		if (properties.getOrDefault(AvailableSettings.DIALECT, "").contains("H2")) {
			properties.putIfAbsent(AvailableSettings.STATEMENT_INSPECTOR, H2ResourceIdLookups.class.getName());
		}
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setJpaPropertyMap(properties);
		factory.setDataSource(dataSource);
		return factory;
	}

	@Primary
	@Bean
	public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}
}
