package dev.fusioncds.audit;

import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.fusioncds.cdshooks.CdsCallAttributes;
import dev.fusioncds.security.CdsHooksJwtVerifier;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One AuditEvent per CDS Hooks service call ({@code POST /cds-services/{id}}), whatever its answer:
 * the service id, the patient of {@code context.patientId}, the HTTP outcome, and the caller —
 * the verified JWT's {@code iss} (client) and {@code sub} (user) with CDS Hooks security on, else
 * the remote address and {@code anonymous}. A call refused for its token never reaches a service.
 */
class CdsCallAudit implements HandlerInterceptor {

	private final IBalpAuditEventSink sink;

	CdsCallAudit(IBalpAuditEventSink sink) {
		this.sink = sink;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
		if (!"POST".equals(request.getMethod())
				|| !(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables)
				|| !(variables.get("id") instanceof String service)) {
			return;
		}
		int status = ex != null && response.getStatus() < 400 ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
		String url = request.getRequestURL().toString();
		sink.recordAuditEvent(AuditEvents.execute(parties(request, url), service, "POST " + url,
				(String) request.getAttribute(CdsCallAttributes.PATIENT_ID), status));
	}

	private static AuditEvents.Parties parties(HttpServletRequest request, String url) {
		String address = request.getRemoteAddr();
		if (!(request.getAttribute(CdsHooksJwtVerifier.VERIFIED_CLAIMS) instanceof JWTClaimsSet claims)) {
			return new AuditEvents.Parties(new Reference().setDisplay(address), new Reference().setDisplay(RequestAgents.ANONYMOUS), address, url);
		}
		String issuer = claims.getIssuer();
		return new AuditEvents.Parties(RequestAgents.who(issuer, issuer), RequestAgents.who(issuer, claims.getSubject()), address, url);
	}
}
