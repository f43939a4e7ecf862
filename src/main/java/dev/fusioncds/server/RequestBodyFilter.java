package dev.fusioncds.server;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.util.UrlUtil;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The gate every request body passes before anything parses it: over the configured size → 413
 * (a declared Content-Length is checked up front, a chunked body is read up to the limit); not
 * UTF-8 → 400, since FHIR and CDS Hooks bodies are UTF-8 and a lenient decoder would store
 * replacement characters in place of what the client sent; a query string that cannot be
 * percent-decoded → 400. HAPI buffers whole bodies anyway. A form-encoded body (a search by POST to
 * {@code _search}) keeps its parameters: read here, the body is gone for the servlet container's own
 * parameter parsing, and HAPI, which takes them from the container when the URL has no query string,
 * searched with none (every Observation instead of one patient's).
 */
class RequestBodyFilter extends OncePerRequestFilter {

	/** Chars decoded at a time when checking a body is UTF-8 (at least 2: a surrogate pair). */
	private static final int UTF8_CHECK_CHARS = 256;

	private final long maxBytes;

	RequestBodyFilter(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > maxBytes) {
			reject(request, response);
			return;
		}
		if (!decodable(request.getQueryString())) {
			refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "invalid", "Bad Request",
					"The query string is not valid percent-encoded UTF-8");
			return;
		}
		if (!hasBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
		if (body.length > maxBytes) {
			reject(request, response);
			return;
		}
		if (!isUtf8(body)) {
			refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "invalid", "Bad Request",
					"Request body is not valid UTF-8");
			return;
		}
		Map<String, String[]> formParameters = null;
		// an empty body may be one the container parsed before this filter ran: its parameters are the container's
		if (isForm(request) && body.length > 0) {
			try {
				formParameters = Collections.unmodifiableMap(
						UrlUtil.parseQueryStrings(request.getQueryString(), new String(body, StandardCharsets.UTF_8)));
			} catch (IllegalArgumentException e) {
				refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "invalid", "Bad Request",
						"The form body is not valid percent-encoded UTF-8");
				return;
			}
		}
		chain.doFilter(new BufferedBodyRequest(request, body, formParameters), response);
	}

	/** A query string HAPI can decode: a stray "%" is the client's error (400), not the server's (500). */
	private static boolean decodable(String query) {
		if (query == null) {
			return true;
		}
		try {
			URLDecoder.decode(query, StandardCharsets.UTF_8);
			return true;
		} catch (IllegalArgumentException e) {
			return false;
		}
	}

	private static boolean isForm(HttpServletRequest request) {
		String contentType = request.getContentType();
		return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(Constants.CT_X_FORM_URLENCODED);
	}

	static boolean hasBody(HttpServletRequest request) {
		String method = request.getMethod();
		return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
	}

	/**
	 * Whether the body decodes as UTF-8: its ASCII start needs no decoding (a JSON body is often
	 * ASCII throughout), the rest is decoded through a small buffer thrown away as it fills.
	 * Decoding the whole body at once allocated twice its size in chars on every request (JFR:
	 * 4 % of what a CDS call allocated).
	 */
	static boolean isUtf8(byte[] body) {
		int ascii = 0;
		while (ascii < body.length && body[ascii] >= 0) {
			ascii++;
		}
		if (ascii == body.length) {
			return true;
		}
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(body, ascii, body.length - ascii);
		CharBuffer out = CharBuffer.allocate(UTF8_CHECK_CHARS);
		while (true) {
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				return false;
			}
			if (result.isUnderflow()) {
				return !decoder.flush(out.clear()).isError();
			}
			out.clear();
		}
	}

	private void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
		refuse(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "too-long", "Payload Too Large",
				"Request body exceeds the limit of " + maxBytes + " bytes (fusion.server.max-request-size)");
	}

	/** An OperationOutcome on the FHIR endpoint, the CDS Hooks error body on /cds-services. */
	private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String issueType,
			String reason, String message) throws IOException {
		if (request.getRequestURI().startsWith("/cds-services")) {
			response.setStatus(status);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.setContentType("application/json");
			response.getWriter().write("{\"error\":\"" + reason + "\",\"message\":\"" + message + "\"}");
		} else {
			OperationOutcomes.send(response, status, issueType, message);
		}
	}

	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
		private final byte[] body;
		/** The query string's and a form body's parameters, parsed as HAPI parses them; null for other bodies. */
		private final Map<String, String[]> formParameters;

		BufferedBodyRequest(HttpServletRequest request, byte[] body, Map<String, String[]> formParameters) {
			super(request);
			this.body = body;
			this.formParameters = formParameters;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return formParameters == null ? super.getParameterMap() : formParameters;
		}

		@Override
		public String getParameter(String name) {
			String[] values = getParameterValues(name);
			return values == null || values.length == 0 ? null : values[0];
		}

		@Override
		public String[] getParameterValues(String name) {
			return formParameters == null ? super.getParameterValues(name) : formParameters.get(name);
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return formParameters == null ? super.getParameterNames() : Collections.enumeration(formParameters.keySet());
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() throws IOException {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("synchronous body");
				}
			};
		}
	}
}
