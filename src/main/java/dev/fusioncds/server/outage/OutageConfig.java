package dev.fusioncds.server.outage;

import dev.fusioncds.server.RestfulServerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Database outage answers: HAPI's interceptor on the FHIR endpoint, the filter around everything else. */
@Configuration
class OutageConfig {

	@Bean
	RestfulServerCustomizer databaseOutageAnswers() {
		return server -> server.registerInterceptor(new DatabaseOutageInterceptor());
	}

	@Bean
	FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter() {
		FilterRegistrationBean<DatabaseOutageFilter> registration = new FilterRegistrationBean<>(new DatabaseOutageFilter());
		registration.addUrlPatterns("/*");
		// outside every other filter, the CDS Hooks token check (which reads the database) included
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}
}
