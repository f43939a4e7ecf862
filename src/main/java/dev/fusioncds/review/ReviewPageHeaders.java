package dev.fusioncds.review;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The page may run only its own scripts and talk only to its own origin (a stored text that slipped
 * past the markdown renderer still could not load or send anything), may not be framed, and is
 * revalidated on every load so a new server version's page is used at once.
 */
class ReviewPageHeaders extends OncePerRequestFilter {

	static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
			+ "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", POLICY);
		response.setHeader("Cache-Control", "no-cache");
		response.setHeader("Referrer-Policy", "no-referrer");
		chain.doFilter(request, response);
	}
}
