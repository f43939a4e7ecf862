package dev.fusioncds.openapi;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * HAPI's OpenAPI document of the FHIR API, plus the CDS Hooks endpoints, which are no FHIR
 * interactions and so are not in the CapabilityStatement it is built from. They live at the server
 * root, not under the FHIR base, so each of their paths names its own server.
 */
class FusionOpenApiInterceptor extends OpenApiInterceptor {

	static final String CDS_HOOKS_PATHS = "/openapi/cds-hooks.json";
	private static final String FHIR_SUFFIX = "/fhir";
	private static final String SWAGGER_UI = "/swagger-ui/";

	private final OpenAPI cdsHooks;

	FusionOpenApiInterceptor() {
		try (InputStream in = FusionOpenApiInterceptor.class.getResourceAsStream(CDS_HOOKS_PATHS)) {
			if (in == null) {
				throw new IllegalStateException("no " + CDS_HOOKS_PATHS + " on the classpath");
			}
			cdsHooks = Json.mapper().readValue(in, OpenAPI.class);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	protected OpenAPI generateOpenApi(ServletRequestDetails request) {
		OpenAPI openApi = super.generateOpenApi(request);
		String[] page = request.getParameters().get("page");
		boolean systemPage = page == null || page.length == 0 || page[0].isBlank()
				|| page[0].equals(PAGE_ALL) || page[0].equals(PAGE_SYSTEM);
		if (systemPage) {
			addCdsHooks(openApi, serverRoot(request.getFhirServerBase()));
		}
		return openApi;
	}

	/**
	 * {@code 404} for a Swagger UI asset the jar does not hold, where HAPI answers {@code 500} and logs an error: the
	 * build leaves out the webjar's source maps, which a browser asks for whenever its developer tools are open.
	 * Only HAPI's "classpath resource not found" ({@code HAPI-1758}) for an asset becomes a 404: a failure to build
	 * the page itself keeps HAPI's handling.
	 */
	@Override
	protected boolean handleResourceRequest(HttpServletResponse response, ServletRequestDetails request, String path)
			throws IOException {
		try {
			return super.handleResourceRequest(response, request, path);
		} catch (InternalErrorException e) {
			boolean page = path.equals(SWAGGER_UI) || path.equals(SWAGGER_UI + "index.html");
			if (page || response.isCommitted() || e.getMessage() == null || !e.getMessage().startsWith(Msg.code(1758))) {
				throw e;
			}
			response.resetBuffer();
			response.setStatus(HttpServletResponse.SC_NOT_FOUND);
			response.setContentType("text/plain");
			response.getWriter().write("Not found: " + path);
			response.getWriter().close();
			return true;
		}
	}

	/** Fresh copies per document: the base model is shared, each answer names the server it was asked of. */
	private void addCdsHooks(OpenAPI openApi, String root) {
		OpenAPI copy = Json.mapper().convertValue(cdsHooks, OpenAPI.class);
		List<Server> servers = List.of(new Server().url(root).description("CDS Hooks services (server root)"));
		copy.getPaths().forEach((path, item) -> openApi.path(path, item.servers(servers)));
		copy.getTags().forEach(openApi::addTagsItem);
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		Components components = openApi.getComponents();
		copy.getComponents().getSchemas().forEach(components::addSchemas);
		copy.getComponents().getParameters().forEach(components::addParameters);
		copy.getComponents().getResponses().forEach(components::addResponses);
	}

	/** The FHIR base without its {@code /fhir}: where {@code /cds-services} is served. */
	static String serverRoot(String fhirBase) {
		String base = fhirBase.endsWith("/") ? fhirBase.substring(0, fhirBase.length() - 1) : fhirBase;
		return base.endsWith(FHIR_SUFFIX) ? base.substring(0, base.length() - FHIR_SUFFIX.length()) : base;
	}
}
