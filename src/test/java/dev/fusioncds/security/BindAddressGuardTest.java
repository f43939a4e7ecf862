package dev.fusioncds.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BindAddressGuardTest {

	static final SecurityProperties.Fhir FHIR_ON = new SecurityProperties.Fhir("https://auth.example.org/jwks", null);
	static final SecurityProperties.CdsHooks CDS_ON = new SecurityProperties.CdsHooks(
			List.of(new SecurityProperties.Issuer("https://ehr.example.org", "https://ehr.example.org/jwks", null)), Duration.ofSeconds(60), null);
	static final SecurityProperties.Fhir FHIR_OFF = new SecurityProperties.Fhir(null, null);
	static final SecurityProperties.CdsHooks CDS_OFF = new SecurityProperties.CdsHooks(List.of(), Duration.ofSeconds(60), null);

	static SecurityProperties security(boolean allowInsecure, SecurityProperties.Fhir fhir, SecurityProperties.CdsHooks cds) {
		return new SecurityProperties(allowInsecure, List.of(), fhir, cds);
	}

	static InetAddress decide(String address, SecurityProperties security, Set<String> actuator) throws Exception {
		return BindAddressGuard.decide(address == null ? null : InetAddress.getByName(address), security,
				EndpointFamilies.of(security, actuator));
	}

	@Test
	void withAnOpenFamilyAndNoAddressListensOnLoopback() throws Exception {
		assertThat(decide(null, security(false, FHIR_OFF, CDS_ON), Set.of("health")).isLoopbackAddress()).isTrue();
		assertThat(decide(null, security(false, FHIR_ON, CDS_OFF), Set.of("health")).isLoopbackAddress()).isTrue();
	}

	@Test
	void cdsSecurityAloneDoesNotOpenTheFhirApiToTheNetwork() {
		assertThatThrownBy(() -> decide("0.0.0.0", security(false, FHIR_OFF, CDS_ON), Set.of("health")))
				.isInstanceOf(InsecureBindException.class)
				.hasMessage("Refusing to listen on 0.0.0.0: /fhir (FHIR API) is open (set fusion.security.fhir.jwk-set-uri); "
						+ "or bind to 127.0.0.1, or set fusion.security.allow-insecure=true");
	}

	@Test
	void fhirSecurityAloneDoesNotOpenCdsHooksToTheNetwork() {
		assertThatThrownBy(() -> decide("0.0.0.0", security(false, FHIR_ON, CDS_OFF), Set.of("health")))
				.isInstanceOf(InsecureBindException.class)
				.hasMessageContaining("/cds-services (CDS Hooks) is open (set fusion.security.cds-hooks.issuers)")
				.hasMessageNotContaining("\n");
	}

	@Test
	void exposedActuatorEndpointsCountAsAFamily() throws Exception {
		assertThat(decide("0.0.0.0", security(false, FHIR_ON, CDS_ON), Set.of("health", "metrics")).getHostAddress()).isEqualTo("0.0.0.0");
		assertThatThrownBy(() -> decide("0.0.0.0", security(false, FHIR_OFF, CDS_OFF), Set.of("health", "metrics")))
				.hasMessageContaining("/actuator [metrics] is open");
	}

	@Test
	void everyFamilyAuthenticatedListensWhereAsked() throws Exception {
		assertThat(decide("0.0.0.0", security(false, FHIR_ON, CDS_ON), Set.of("health")).getHostAddress()).isEqualTo("0.0.0.0");
		assertThat(decide(null, security(false, FHIR_ON, CDS_ON), Set.of("health"))).isNull();
	}

	@Test
	void allowInsecureOptsOut() throws Exception {
		assertThat(decide("0.0.0.0", security(true, FHIR_OFF, CDS_ON), Set.of("health")).getHostAddress()).isEqualTo("0.0.0.0");
	}
}
