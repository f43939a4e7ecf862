package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;

class FrozenBeforeWebServerContextTest {

	@Test
	void factoryAnswersForServletApplicationsOnly() {
		FrozenBeforeWebServerContext.Factory factory = new FrozenBeforeWebServerContext.Factory();

		assertThat(factory.create(WebApplicationType.SERVLET)).isExactlyInstanceOf(FrozenBeforeWebServerContext.class);
		assertThat(factory.create(WebApplicationType.NONE)).isNull();
		assertThat(factory.create(WebApplicationType.REACTIVE)).isNull();
	}
}
