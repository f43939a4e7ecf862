package dev.fusioncds.server;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
 * tried; like HAPI, the first {@code _format} value it knows decides before {@code Accept} is read. It runs after
 * {@link RequestBodyFilter}, whose request keeps a form-encoded search body's {@code _format}.
 */
class TurtleRefused extends OncePerRequestFilter {

	private static final String HINT = "; this server speaks FHIR JSON (application/fhir+json) and XML (application/fhir+xml)";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (RequestBodyFilter.hasBody(request) && isTurtle(request.getContentType())) {
			refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Turtle (RDF) request bodies are not supported" + HINT);
			return;
		}
		// as HAPI decides: the first _format value it knows wins, and then Accept is not read
		String[] formats = request.getParameterValues(Constants.PARAM_FORMAT);
		EncodingEnum format = formats == null ? null
				: Arrays.stream(formats).map(TurtleRefused::encoding).filter(Objects::nonNull).findFirst().orElse(null);
		if (format == EncodingEnum.RDF) {
			refuse(response, HttpServletResponse.SC_NOT_ACCEPTABLE, "_format=Turtle (RDF) is not supported" + HINT);
			return;
		}
		if (format != null) {
			chain.doFilter(request, response);
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
		return encoding(mediaType) == EncodingEnum.RDF;
	}

	private static EncodingEnum encoding(String mediaType) {
		if (mediaType == null) {
			return null;
		}
		int parameters = mediaType.indexOf(';');
		return EncodingEnum.forContentType((parameters < 0 ? mediaType : mediaType.substring(0, parameters)).trim());
	}

	private static Enumeration<String> headers(Enumeration<String> values) {
		return values == null ? Collections.emptyEnumeration() : values;
	}

	private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
		OperationOutcomes.send(response, status, "not-supported", message);
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
