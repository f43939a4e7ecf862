package dev.fusioncds.security;

import java.net.InetAddress;

/** Thrown at start when asked to serve beyond loopback while an endpoint family is open. */
class InsecureBindException extends RuntimeException {

	InsecureBindException(InetAddress address, EndpointFamilies families) {
		super("Refusing to listen on " + address.getHostAddress() + ": " + families.describeOpen()
				+ "; or bind to 127.0.0.1, or set " + EndpointFamilies.ALLOW_INSECURE + "=true");
	}
}
