package dev.fusioncds.security;

import java.net.InetAddress;

/** Thrown at start when asked to serve beyond loopback with no security configured. */
class InsecureBindException extends RuntimeException {

	InsecureBindException(InetAddress address) {
		super("Refusing to listen on " + address.getHostAddress() + " without security: configure "
				+ "fusion.security.fhir.jwk-set-uri and/or fusion.security.cds-hooks.issuers, bind to 127.0.0.1, "
				+ "or set fusion.security.allow-insecure=true");
	}
}
