package dev.fusioncds.security;

import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Secure by default. With no token issuer configured the server listens on the loopback address
 * only; asked to listen anywhere else without security it refuses to start, unless
 * {@code fusion.security.allow-insecure} is set (then it warns at every start). With an issuer
 * configured and no address given, it listens on all interfaces.
 */
@Component
class BindAddressGuard implements WebServerFactoryCustomizer<ConfigurableWebServerFactory> {

	private static final Logger log = LoggerFactory.getLogger(BindAddressGuard.class);

	private final SecurityProperties security;
	private final ServerProperties server;

	BindAddressGuard(SecurityProperties security, ServerProperties server) {
		this.security = security;
		this.server = server;
	}

	@Override
	public void customize(ConfigurableWebServerFactory factory) {
		factory.setAddress(decide(server.getAddress(), security));
	}

	static InetAddress decide(InetAddress requested, SecurityProperties security) {
		if (security.anyIssuer()) {
			return requested;
		}
		if (requested == null) {
			return InetAddress.getLoopbackAddress();
		}
		if (requested.isLoopbackAddress()) {
			return requested;
		}
		if (!security.allowInsecure()) {
			throw new InsecureBindException(requested);
		}
		log.warn("SECURITY: serving on {} with no token checks (fusion.security.allow-insecure=true): anyone who reaches "
				+ "this address can read and write patient data", requested.getHostAddress());
		return requested;
	}
}
