package dev.fusioncds.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindAddressGuardTest {

	static final SecurityProperties OPEN = new SecurityProperties(false, List.of(),
			new SecurityProperties.Fhir(null, null), new SecurityProperties.CdsHooks(List.of(), java.time.Duration.ofSeconds(60), null));

	@Test
	void withoutSecurityListensOnLoopbackOnly() {
		assertThat(BindAddressGuard.decide(null, OPEN).isLoopbackAddress()).isTrue();
	}

	@Test
	void refusesAnyOtherAddressWithoutSecurityInOneLine() throws Exception {
		assertThatThrownBy(() -> BindAddressGuard.decide(InetAddress.getByName("0.0.0.0"), OPEN))
				.isInstanceOf(InsecureBindException.class)
				.hasMessageStartingWith("Refusing to listen on 0.0.0.0 without security")
				.hasMessageNotContaining("\n");
	}

	@Test
	void allowInsecureOptsOut() throws Exception {
		SecurityProperties insecure = new SecurityProperties(true, List.of(), OPEN.fhir(), OPEN.cdsHooks());

		assertThat(BindAddressGuard.decide(InetAddress.getByName("0.0.0.0"), insecure).getHostAddress()).isEqualTo("0.0.0.0");
	}

	@Test
	void withAnIssuerListensWhereAsked() throws Exception {
		SecurityProperties secured = new SecurityProperties(false, List.of(),
				new SecurityProperties.Fhir("https://auth.example.org/jwks", null), OPEN.cdsHooks());

		assertThat(BindAddressGuard.decide(InetAddress.getByName("0.0.0.0"), secured).getHostAddress()).isEqualTo("0.0.0.0");
		assertThat(BindAddressGuard.decide(null, secured)).isNull();
	}
}
