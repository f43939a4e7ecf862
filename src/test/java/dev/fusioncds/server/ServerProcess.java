package dev.fusioncds.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code target/fusion-cds.jar}) as its own operating-system process on a free
 * loopback port: for crash tests and benchmarks, where the server must be killed or measured alone.
 */
public final class ServerProcess implements AutoCloseable {

	static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	private final Process process;
	private final int port;
	private final Duration startup;

	private ServerProcess(Process process, int port, Duration startup) {
		this.process = process;
		this.port = port;
		this.startup = startup;
	}

	/**
	 * Starts the jar and waits until {@code /actuator/health/readiness} is UP.
	 *
	 * @param port a port from {@link #freePort()}, reused across a restart
	 * @param jvmOptions such as {@code -Xmx1g}; serverOptions such as {@code --spring.profiles.active=postgres}
	 */
	public static ServerProcess start(int port, Path workDir, List<String> jvmOptions, String... serverOptions) {
		File jar = new File("target/fusion-cds.jar").getAbsoluteFile();
		if (!jar.exists()) {
			throw new IllegalStateException(jar + " is missing: mvn package builds it before the integration tests");
		}
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.getPath()));
		return run(new ProcessBuilder(command), port, workDir, serverOptions);
	}

	/**
	 * Starts the server as operators do, through {@code bin/fusion-cds} (extracted layout and an AOT
	 * cache on Java 25 and later, a class-data-sharing archive before); call {@code bin/fusion-cds
	 * --prepare} first, or the first start includes preparing. The launcher runs the JVM under
	 * javaHome; JVM options go in through JAVA_OPTS.
	 */
	public static ServerProcess startWithLauncher(int port, Path workDir, String javaHome, List<String> jvmOptions,
			String... serverOptions) {
		ProcessBuilder launcher = new ProcessBuilder(new ArrayList<>(List.of(new File("bin/fusion-cds").getAbsolutePath())));
		launcher.environment().put("JAVA_OPTS", String.join(" ", jvmOptions));
		launcher.environment().put("JAVA_HOME", javaHome);
		return run(launcher, port, workDir, serverOptions);
	}

	private static ServerProcess run(ProcessBuilder builder, int port, Path workDir, String... serverOptions) {
		builder.command().addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1"));
		builder.command().addAll(List.of(serverOptions));
		Instant started = Instant.now();
		try {
			Process process = builder
					.directory(workDir.toFile())
					.redirectErrorStream(true)
					.redirectOutput(workDir.resolve("server-" + System.nanoTime() + ".log").toFile())
					.start();
			awaitReady(port, process);
			return new ServerProcess(process, port, Duration.between(started, Instant.now()));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public int port() {
		return port;
	}

	public long pid() {
		return process.pid();
	}

	/** From process start to readiness UP. */
	public Duration startup() {
		return startup;
	}

	/** SIGKILL: no shutdown hooks, nothing closed gracefully. */
	public void kill() throws InterruptedException {
		process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			kill();
		}
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void awaitReady(int port, Process server) {
		FhirHttp http = new FhirHttp(port);
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!server.isAlive()) {
				throw new IllegalStateException("server process exited during start (exit " + server.exitValue() + ")");
			}
			try {
				if (http.get("/actuator/health/readiness", "application/json").statusCode() == 200) {
					return;
				}
			} catch (RuntimeException notYet) {
				// connection refused while starting
			}
			try {
				Thread.sleep(100);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
		server.destroyForcibly();
		throw new IllegalStateException("server not ready within " + START_TIMEOUT);
	}
}
