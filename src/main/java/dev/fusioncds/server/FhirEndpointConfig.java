package dev.fusioncds.server;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServletResponse;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The FHIR REST endpoint at {@code /fhir}: HAPI's RestfulServer over the JPA DAOs. */
@Configuration
public class FhirEndpointConfig {

	public static final String FHIR_PATH = "/fhir";
	/** Where filters go by default (after Spring Security's), the Turtle check right behind. */
	private static final int REQUEST_BODY_ORDER = Ordered.LOWEST_PRECEDENCE - 1;

	@Bean
	public RestfulServer restfulServer(
			IFhirSystemDao<?, ?> systemDao,
			ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider,
			ValueSetOperationProvider valueSetOperations,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider,
			FusionServerProperties properties,
			List<RestfulServerCustomizer> customizers) {
		// Refuse (400) what would otherwise be dropped silently: unknown elements, wrong JSON types,
		// invalid values. A lab must learn that its payload was not understood, not lose data.
		systemDao.getContext().setParserErrorHandler(new StrictErrorHandler());
		RestfulServer server = new RestfulServer(systemDao.getContext()) {
			/** No X-Powered-By: responses do not say which server software, or which version, answers. */
			@Override
			public void addHeadersToResponse(HttpServletResponse response) {
				// nothing to add
			}
		};
		server.setServerName("Fusion CDS");
		server.setServerVersion(null);
		server.registerProviders(resourceProviders.createProviders());
		server.registerProvider(systemProvider);
		server.registerProvider(valueSetOperations);
		JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		capabilities.setImplementationDescription("Fusion CDS");
		server.setServerConformanceProvider(capabilities);
		server.setPagingProvider(pagingProvider);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setDefaultPrettyPrint(false);
		server.setServerAddressStrategy(
				properties.baseUrl() == null || properties.baseUrl().isBlank()
						? new IncomingRequestAddressStrategy()
						: new HardcodedServerAddressStrategy(properties.baseUrl()));
		customizers.forEach(customizer -> customizer.customize(server));
		return server;
	}

	@Bean
	public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, FHIR_PATH + "/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}

	@Bean
	public FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(FusionServerProperties properties) {
		FilterRegistrationBean<RequestBodyFilter> registration =
				new FilterRegistrationBean<>(new RequestBodyFilter(properties.maxRequestSize().toBytes()));
		registration.addUrlPatterns(FHIR_PATH + "/*", "/cds-services/*");
		registration.setOrder(REQUEST_BODY_ORDER);
		return registration;
	}

	/** After the request body gate: its request holds a form body's parameters, {@code _format} among them. */
	@Bean
	public FilterRegistrationBean<TurtleRefused> turtleRefused() {
		FilterRegistrationBean<TurtleRefused> registration = new FilterRegistrationBean<>(new TurtleRefused());
		registration.addUrlPatterns(FHIR_PATH + "/*");
		registration.setOrder(REQUEST_BODY_ORDER + 1);
		return registration;
	}
}
