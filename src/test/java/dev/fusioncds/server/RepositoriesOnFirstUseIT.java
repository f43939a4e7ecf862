package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.dao.data.IResourceTableDao;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;

@FusionServerIT
class RepositoriesOnFirstUseIT {

	private static final String MDM_LINKS = "IMdmLinkJpaRepository";

	@Autowired
	ConfigurableApplicationContext context;

	@Autowired
	IResourceTableDao resources;

	/**
	 * Creating a repository is what checks its queries' JPQL against the entity model, so this creates every one
	 * that the server has not: a HAPI upgrade whose queries do not parse fails here rather than on some request.
	 */
	@Test
	void everyHapiRepositoryIsLazyUnusedOnesWaitAndAllOfThemCreate() {
		DefaultListableBeanFactory factory = (DefaultListableBeanFactory) context.getBeanFactory();
		List<String> repositories = Arrays.stream(factory.getBeanNamesForType(RepositoryFactoryBeanSupport.class, true, false))
				.map(BeanFactoryUtils::transformedBeanName).toList();

		assertThat(repositories).hasSizeGreaterThan(50)
				.allSatisfy(name -> assertThat(factory.getBeanDefinition(name).isLazyInit()).as(name).isTrue());
		// MDM (patient matching) is not configured here: nothing ever calls its links repository
		assertThat(repositories).contains(MDM_LINKS);
		assertThat(factory.containsSingleton(MDM_LINKS)).isFalse();
		assertThat(repositories).allSatisfy(name -> assertThat(factory.getBean(name)).as(name).isInstanceOf(Repository.class));
	}

	/** The proxy finds its repository on first call (Spring Data's own proxy has a fixed target). */
	@Test
	void repositoryInjectionPointsResolveOnFirstCall() {
		assertThat(((Advised) resources).getTargetSource().isStatic()).isFalse();
		// the conformance resources the server publishes at start
		assertThat(resources.count()).isGreaterThanOrEqualTo(24);
	}
}
