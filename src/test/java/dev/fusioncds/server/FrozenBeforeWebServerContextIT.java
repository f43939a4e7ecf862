package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

@FusionServerIT
class FrozenBeforeWebServerContextIT {

	@Autowired
	ApplicationContext context;

	@Test
	void serverRunsInTheContextFrozenBeforeItsWebServer() {
		assertThat(context).isExactlyInstanceOf(FrozenBeforeWebServerContext.class);
	}
}
