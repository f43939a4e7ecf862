package dev.fusioncds.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every CDS Hooks request needs a valid JWT from a trusted CDS client; a CORS preflight never does.
 * A refusal is 401 with a reason that tells the client nothing about our keys or checks.
 */
class CdsHooksJwtFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(CdsHooksJwtFilter.class);

	private final CdsHooksJwtVerifier verifier;

	CdsHooksJwtFilter(CdsHooksJwtVerifier verifier) {
		this.verifier = verifier;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if ("OPTIONS".equals(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		String header = request.getHeader("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			refuse(response, "missing bearer token");
			return;
		}
		try {
			request.setAttribute(CdsHooksJwtVerifier.VERIFIED_CLAIMS,
					verifier.verify(header.substring(7).trim(), request.getRequestURL().toString()));
		} catch (CdsHooksJwtVerifier.Rejected e) {
			refuse(response, e.getMessage());
			return;
		}
		chain.doFilter(request, response);
	}

	private static void refuse(HttpServletResponse response, String reason) throws IOException {
		log.info("CDS Hooks request refused: {}", reason);
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
		response.setContentType("application/json");
		response.getWriter().write("{\"error\":\"Unauthorized\",\"message\":\"Invalid or missing bearer token\"}");
	}
}
