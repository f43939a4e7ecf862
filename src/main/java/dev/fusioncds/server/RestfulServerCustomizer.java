package dev.fusioncds.server;

import ca.uhn.fhir.rest.server.RestfulServer;

/**
 * A feature that plugs providers or interceptors into the FHIR endpoint. Each feature contributes
 * a bean of this type, so the server configuration never has to know them all.
 */
@FunctionalInterface
public interface RestfulServerCustomizer {

	void customize(RestfulServer server);
}
