package dev.fusioncds.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who made a FHIR API request, for BALP: with FHIR security on, the verified token's client
 * ({@code client_id}, else {@code azp}) and user ({@code sub}), both under the token's issuer;
 * without it, the remote address as client and {@code anonymous} as user. Resources are named by
 * relative reference ({@code Patient/123}), so {@code AuditEvent?patient=Patient/123} finds them.
 */
class RequestAgents implements IBalpAuditContextServices {

	static final String ANONYMOUS = "anonymous";

	@Override
	public Reference getAgentClientWho(RequestDetails request) {
		Jwt token = token();
		if (token == null) {
			return new Reference().setDisplay(getNetworkAddress(request));
		}
		String client = token.getClaimAsString("client_id") != null ? token.getClaimAsString("client_id") : token.getClaimAsString("azp");
		return who(issuer(token), client);
	}

	@Override
	public Reference getAgentUserWho(RequestDetails request) {
		Jwt token = token();
		return token == null ? new Reference().setDisplay(ANONYMOUS) : who(issuer(token), token.getSubject());
	}

	@Override
	public String massageResourceIdForStorage(RequestDetails request, IBaseResource resource, IIdType id) {
		String type = id.hasResourceType() ? id.getResourceType() : request.getFhirContext().getResourceType(resource);
		return type + "/" + id.getIdPart();
	}

	/** The parties of a FHIR request, for the events BALP's interceptor does not make. */
	AuditEvents.Parties parties(ServletRequestDetails request) {
		return new AuditEvents.Parties(getAgentClientWho(request), getAgentUserWho(request),
				getNetworkAddress(request), request.getFhirServerBase());
	}

	/** A party named by a token: its identifier under the issuer that vouches for it. */
	static Reference who(String issuer, String value) {
		if (value == null) {
			return new Reference().setDisplay(ANONYMOUS);
		}
		return new Reference().setDisplay(value).setIdentifier(new Identifier().setSystem(issuer).setValue(value));
	}

	private static String issuer(Jwt token) {
		return token.getIssuer() == null ? null : token.getIssuer().toString();
	}

	private static Jwt token() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication instanceof JwtAuthenticationToken jwt ? jwt.getToken() : null;
	}
}
