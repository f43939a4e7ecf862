package dev.fusioncds.server;

import org.springframework.aot.AotDetector;
import org.springframework.boot.ApplicationContextFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * The servlet web context with its bean definitions frozen before the web server is created rather than
 * after it.
 *
 * <p>Creating the web server instantiates every servlet and filter registration, and through the FHIR
 * servlet almost the whole HAPI graph: some 150 resource DAOs and providers, each with dozens of
 * {@code @Autowired} fields. Spring caches by-type look-ups only once the configuration is frozen, which
 * it does after that step, so each of those fields scanned all ~1,270 bean definitions: 2–3 s of a
 * start on 2 cores (JFR). By {@code onRefresh()} every bean factory post-processor has run and nothing
 * here registers a definition later (no load-time weaver, no {@code BeanFactoryInitializer}); singletons
 * registered afterwards (the web server's own) evict what they match from the cache, as Spring does.
 */
class FrozenBeforeWebServerContext extends AnnotationConfigServletWebServerApplicationContext {

	@Override
	protected void onRefresh() {
		getBeanFactory().freezeConfiguration();
		super.onRefresh();
	}

	/** Chosen ahead of Spring Boot's own factory, for the servlet application type only. */
	static class Factory implements ApplicationContextFactory, Ordered {

		/** Null, and so Spring Boot's own context, for other types and for AOT-generated initializers. */
		@Override
		public ConfigurableApplicationContext create(WebApplicationType webApplicationType) {
			return webApplicationType == WebApplicationType.SERVLET && !AotDetector.useGeneratedArtifacts()
					? new FrozenBeforeWebServerContext()
					: null;
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}
	}
}
