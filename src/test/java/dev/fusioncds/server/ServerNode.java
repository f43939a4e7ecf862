package dev.fusioncds.server;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more server instance in the test JVM, on a random port, beside the shared IT context. Options
 * are passed as command-line arguments, which win over application.yaml.
 */
public final class ServerNode implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private ServerNode(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** @param options such as {@code --spring.profiles.active=it,postgres} */
	public static ServerNode start(String... options) {
		List<String> args = new ArrayList<>(List.of("--server.port=0"));
		args.addAll(List.of(options));
		return new ServerNode(new SpringApplicationBuilder(FusionCdsApplication.class).run(args.toArray(String[]::new)));
	}

	public int port() {
		return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
	}

	public <T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	@Override
	public void close() {
		context.close();
	}
}
