package dev.fusioncds.server;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.stereotype.Component;

/**
 * HAPI's Spring Data repositories are created when first called, not at start-up. Creating one has Spring Data
 * JPA check the JPQL of every query it declares ({@code SimpleJpaQuery.validateQuery}, which has no switch): JFR
 * of a start on Java 17 put a quarter of the main thread there, for HAPI's 56 repositories of which a start needs
 * some. The cost moves to the first requests (and out of the launcher's class-data archive, whose training ends at
 * start). This is Spring Data's own {@code BootstrapMode.LAZY}, which HAPI's {@code @EnableJpaRepositories} does not
 * set: each repository bean is lazy, and each injection point of one gets a proxy that creates it on first call.
 * A query that does not parse would fail on first call instead of at start: {@code RepositoriesOnFirstUseIT}
 * creates every repository, so a HAPI upgrade with one fails the build.
 */
@Component
class RepositoriesOnFirstUse implements BeanFactoryPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(RepositoriesOnFirstUse.class);

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (!(beanFactory instanceof DefaultListableBeanFactory factory)
				|| factory.getAutowireCandidateResolver().getClass() != ContextAnnotationAutowireCandidateResolver.class) {
			log.info("Repositories created at start: the bean factory resolves injection points its own way");
			return;
		}
		Set<String> repositories = new HashSet<>();
		for (String name : factory.getBeanDefinitionNames()) {
			BeanDefinition definition = factory.getBeanDefinition(name);
			Class<?> repository = definition.getResolvableType().as(RepositoryFactoryBeanSupport.class).getGeneric(0).resolve();
			if (repository != null) {
				definition.setLazyInit(true);
				repositories.add(repository.getName());
			}
		}
		factory.setAutowireCandidateResolver(new LazyRepositoryInjection(repositories));
	}

	/** Spring's own resolver, with every repository injection point lazy. */
	private static final class LazyRepositoryInjection extends ContextAnnotationAutowireCandidateResolver {

		private final Set<String> repositories;

		LazyRepositoryInjection(Set<String> repositories) {
			this.repositories = repositories;
		}

		@Override
		protected boolean isLazy(DependencyDescriptor descriptor) {
			return repositories.contains(descriptor.getDependencyType().getName()) || super.isLazy(descriptor);
		}
	}
}
