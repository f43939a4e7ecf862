package dev.fusioncds.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The endpoint families a node serves and whether each asks for authentication: the FHIR API (the
 * data API every page, review tool and operation uses), the CDS Hooks services, and actuator
 * endpoints other than health when an operator exposes them. Nothing may be reachable beyond
 * loopback while one of them is open, unless {@code fusion.security.allow-insecure} says so.
 */
record EndpointFamilies(List<Family> families) {

	/** @param closedBy the setting that makes this family ask for authentication */
	record Family(String name, boolean authenticated, String closedBy) {}

	static final String ALLOW_INSECURE = "fusion.security.allow-insecure";

	/** @param actuatorExposure {@code management.endpoints.web.exposure.include} */
	static EndpointFamilies of(SecurityProperties security, Set<String> actuatorExposure) {
		List<Family> families = new ArrayList<>();
		families.add(new Family("/fhir (FHIR API)", security.fhir().enabled(), "fusion.security.fhir.jwk-set-uri"));
		families.add(new Family("/cds-services (CDS Hooks)", security.cdsHooks().enabled(), "fusion.security.cds-hooks.issuers"));
		if (actuatorExposure.stream().anyMatch(endpoint -> !"health".equals(endpoint))) {
			families.add(new Family("/actuator " + actuatorExposure.stream().filter(e -> !"health".equals(e)).sorted().toList(),
					security.fhir().enabled(), "fusion.security.fhir.jwk-set-uri, whose tokens actuator then takes"));
		}
		return new EndpointFamilies(List.copyOf(families));
	}

	List<Family> open() {
		return families.stream().filter(f -> !f.authenticated()).toList();
	}

	/** One line: which families are open and what closes each. */
	String describeOpen() {
		return String.join("; ", open().stream().map(f -> f.name() + " is open (set " + f.closedBy() + ")").toList());
	}
}
