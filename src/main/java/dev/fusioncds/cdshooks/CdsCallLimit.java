package dev.fusioncds.cdshooks;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A bulkhead for CDS Hooks calls ({@link CdsHooksProperties}): at most N evaluate at once, the rest
 * wait first come, first served. Under load this keeps the latency of every call close to the
 * median instead of letting all of them share the CPU and finish late together. It sits after
 * authentication, so only verified calls take a turn. Discovery (GET) is never held back.
 */
final class CdsCallLimit extends OncePerRequestFilter {

	private final Semaphore turns;
	private final long queueTimeoutMillis;

	CdsCallLimit(CdsHooksProperties properties) {
		this.turns = new Semaphore(properties.effectiveConcurrency(), true);
		this.queueTimeoutMillis = properties.queueTimeout().toMillis();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!"POST".equals(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		if (!acquire()) {
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader("Retry-After", "1");
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.getWriter().write("{\"error\":\"Service Unavailable\",\"message\":\"Too many CDS Hooks calls in progress; retry shortly\"}");
			return;
		}
		try {
			chain.doFilter(request, response);
		} finally {
			turns.release();
		}
	}

	private boolean acquire() {
		try {
			return turns.tryAcquire(queueTimeoutMillis, TimeUnit.MILLISECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Configuration
	static class Registration {

		@Bean
		FilterRegistrationBean<CdsCallLimit> cdsCallLimit(CdsHooksProperties properties) {
			FilterRegistrationBean<CdsCallLimit> registration = new FilterRegistrationBean<>(new CdsCallLimit(properties));
			registration.addUrlPatterns("/cds-services/*");
			// last in the chain: after CORS, security and the JWT check
			registration.setOrder(Ordered.LOWEST_PRECEDENCE);
			return registration;
		}
	}
}
