package dev.fusioncds.security;

import java.net.InetAddress;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Secure by default: nothing answers beyond loopback while any endpoint family is open. With every
 * family authenticated the server listens where asked (all interfaces when no address is given).
 * With one open it listens on loopback when no address is given, and refuses to start when asked
 * for another address — in one line naming the open family and the setting that closes it —
 * unless {@code fusion.security.allow-insecure} is set, which warns at every start.
 */
@Component
class BindAddressGuard implements WebServerFactoryCustomizer<ConfigurableWebServerFactory> {

	private static final Logger log = LoggerFactory.getLogger(BindAddressGuard.class);

	private final SecurityProperties security;
	private final ServerProperties server;
	private final Environment environment;

	BindAddressGuard(SecurityProperties security, ServerProperties server, Environment environment) {
		this.security = security;
		this.server = server;
		this.environment = environment;
	}

	@Override
	public void customize(ConfigurableWebServerFactory factory) {
		Set<String> actuator = Binder.get(environment)
				.bind("management.endpoints.web.exposure.include", Bindable.setOf(String.class))
				.orElse(Set.of("health"));
		factory.setAddress(decide(server.getAddress(), security, EndpointFamilies.of(security, actuator)));
	}

	static InetAddress decide(InetAddress requested, SecurityProperties security, EndpointFamilies families) {
		if (families.open().isEmpty()) {
			return requested;
		}
		if (security.allowInsecure()) {
			log.warn("SECURITY: {}={} and {}: anyone who reaches {} can call these endpoints without a token",
					EndpointFamilies.ALLOW_INSECURE, true, families.describeOpen(),
					requested == null ? "this server" : requested.getHostAddress());
		}
		if (requested == null) {
			log.info("Listening on loopback only: {}", families.describeOpen());
			return InetAddress.getLoopbackAddress();
		}
		if (requested.isLoopbackAddress() || security.allowInsecure()) {
			return requested;
		}
		throw new InsecureBindException(requested, families);
	}
}
