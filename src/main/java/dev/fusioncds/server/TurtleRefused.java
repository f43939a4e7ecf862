package dev.fusioncds.server;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * FHIR's Turtle (RDF) format is one HAPI speaks only with Apache Jena, which this server does not ship: labs and
 * EHRs send R4 JSON or XML, and the CapabilityStatement lists only those. Asked for Turtle, HAPI failed deep inside
 * with a 500. Here: a Turtle body → 415; {@code _format} naming Turtle → 406; an {@code Accept} header loses its
 * Turtle media ranges and is answered in what it also accepts, or 406 when it accepts nothing else. Which names mean
 * Turtle is HAPI's own table ({@link EncodingEnum#forContentType}), so this refuses exactly what HAPI would have
 * tried. {@code _format} is read from the query string only: a form-encoded search body is left to HAPI unread.
 */
class TurtleRefused extends OncePerRequestFilter {

	private static final String HINT = "; this server speaks FHIR JSON (application/fhir+json) and XML (application/fhir+xml)";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isTurtle(request.getContentType())) {
			refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Turtle (RDF) request bodies are not supported" + HINT);
			return;
		}
		if (formats(request.getQueryString()).stream().anyMatch(TurtleRefused::isTurtle)) {
			refuse(response, HttpServletResponse.SC_NOT_ACCEPTABLE, "_format=Turtle (RDF) is not supported" + HINT);
			return;
		}
		List<String> accepted = Collections.list(headers(request.getHeaders(Constants.HEADER_ACCEPT))).stream()
				.flatMap(header -> Arrays.stream(header.split(",")))
				.map(String::trim)
				.filter(range -> !range.isEmpty())
				.toList();
		List<String> withoutTurtle = accepted.stream().filter(range -> !isTurtle(range)).toList();
		if (withoutTurtle.size() == accepted.size()) {
			chain.doFilter(request, response);
		} else if (withoutTurtle.isEmpty()) {
			refuse(response, HttpServletResponse.SC_NOT_ACCEPTABLE, "Accept names only Turtle (RDF), which is not supported" + HINT);
		} else {
			chain.doFilter(new AcceptWithout(request, String.join(", ", withoutTurtle)), response);
		}
	}

	/** True for a media type or {@code _format} value HAPI reads as Turtle; parameters such as {@code ;q=0.5} aside. */
	private static boolean isTurtle(String mediaType) {
		if (mediaType == null) {
			return false;
		}
		int parameters = mediaType.indexOf(';');
		String bare = (parameters < 0 ? mediaType : mediaType.substring(0, parameters)).trim();
		return EncodingEnum.forContentType(bare) == EncodingEnum.RDF;
	}

	private static List<String> formats(String query) {
		if (query == null) {
			return List.of();
		}
		return Arrays.stream(query.split("&"))
				.filter(pair -> pair.startsWith(Constants.PARAM_FORMAT + "="))
				.map(pair -> decoded(pair.substring(Constants.PARAM_FORMAT.length() + 1)))
				.filter(Objects::nonNull)
				.toList();
	}

	/** Null when the value cannot be decoded: {@link RequestBodyFilter} answers such a query string with 400. */
	private static String decoded(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		} catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static Enumeration<String> headers(Enumeration<String> values) {
		return values == null ? Collections.emptyEnumeration() : values;
	}

	private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
		response.setStatus(status);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setContentType(Constants.CT_FHIR_JSON_NEW);
		response.getWriter().write(OperationOutcomes.errorJson("not-supported", message));
	}

	/** The request as HAPI should see it: its Accept header without the Turtle media ranges. */
	private static final class AcceptWithout extends HttpServletRequestWrapper {
		private final String accept;

		AcceptWithout(HttpServletRequest request, String accept) {
			super(request);
			this.accept = accept;
		}

		@Override
		public String getHeader(String name) {
			return Constants.HEADER_ACCEPT.equalsIgnoreCase(name) ? accept : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return Constants.HEADER_ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(accept)) : super.getHeaders(name);
		}
	}
}
