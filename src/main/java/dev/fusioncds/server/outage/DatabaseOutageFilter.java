package dev.fusioncds.server.outage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fusioncds.server.FhirEndpointConfig;
import dev.fusioncds.server.OperationOutcomes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outside HAPI's servlet — the CDS Hooks services, their token check (the jti ledger lives in the
 * database), any other page — a request that fails because the database is unreachable is answered
 * {@code 503} with {@code Retry-After}: an OperationOutcome under {@code /fhir}, elsewhere the JSON
 * error body the CDS Hooks services use ({@code error}, {@code message}). Anything else propagates.
 */
class DatabaseOutageFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);
	private static final String CDS_ERROR_BODY = cdsErrorBody();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		} catch (ServletException | IOException | RuntimeException e) {
			if (!DatabaseOutage.isCause(e) || response.isCommitted()) {
				throw e;
			}
			log.warn("{} {} answered 503, database unreachable: {}", request.getMethod(), request.getRequestURI(), e.toString());
			boolean fhir = request.getRequestURI().startsWith(request.getContextPath() + FhirEndpointConfig.FHIR_PATH);
			response.resetBuffer();
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader("Retry-After", String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
			response.setContentType((fhir ? "application/fhir+json" : "application/json") + ";charset=UTF-8");
			response.getOutputStream().write((fhir ? OperationOutcomes.errorJson("transient", DatabaseOutage.MESSAGE) : CDS_ERROR_BODY)
					.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static String cdsErrorBody() {
		try {
			ObjectMapper json = new ObjectMapper();
			return json.writeValueAsString(json.createObjectNode().put("error", "Service Unavailable").put("message", DatabaseOutage.MESSAGE));
		} catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
	}
}
