package dev.fusioncds.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own — {@code initdb} into a directory of its own, on a free
 * loopback port, trust authentication, TCP only — which the test may stop and start at will. The
 * machine's shared cluster is never touched. PostgreSQL refuses to run as root, so when the test
 * runs as root the tools run as user postgres.
 */
final class PrivatePostgres implements AutoCloseable {

	private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");

	private final Path bin;
	private final Path data;
	private final Path log;
	private final int port;
	private boolean running;

	private PrivatePostgres(Path bin, Path home, int port) {
		this.bin = bin;
		this.data = home.resolve("data");
		this.log = home.resolve("postgres.log");
		this.port = port;
	}

	/** A new cluster in {@code home} (emptied first), started. */
	static PrivatePostgres start(Path home) {
		PrivatePostgres cluster = new PrivatePostgres(newestBin(), home.toAbsolutePath(), ServerProcess.freePort());
		if (Files.exists(cluster.data.resolve("postmaster.pid"))) {
			try {
				// left running by a test JVM that died before its @AfterAll
				cluster.stopImmediately();
			} catch (IllegalStateException notRunning) {
				// a stale pid file: nothing to stop, the directory goes next
			}
		}
		try {
			deleteRecursively(cluster.data.getParent());
			Files.createDirectories(cluster.data.getParent());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		if (asRoot()) {
			run(List.of("chown", "postgres", cluster.data.getParent().toString()));
		}
		cluster.tool("initdb", "-D", cluster.data.toString(), "-U", "postgres", "-A", "trust", "--no-sync");
		cluster.start();
		return cluster;
	}

	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
	}

	void start() {
		// fsync off: the operating system keeps what PostgreSQL wrote however PostgreSQL stops
		tool("pg_ctl", "-D", data.toString(), "-l", log.toString(), "-w", "-t", "30", "-o",
				"-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off", "start");
		running = true;
	}

	/** As a crash: no checkpoint, every connection dropped at once. */
	void stopImmediately() {
		tool("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
		running = false;
	}

	@Override
	public void close() {
		if (running) {
			stopImmediately();
		}
	}

	private void tool(String name, String... args) {
		List<String> command = new ArrayList<>();
		if (asRoot()) {
			command.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		command.add(bin.resolve(name).toString());
		command.addAll(List.of(args));
		run(command);
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static boolean asRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static Path newestBin() {
		try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
			return versions.map(version -> version.resolve("bin"))
					.filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")))
					.max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"))))
					.orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + INSTALLATIONS));
		} catch (IOException e) {
			throw new UncheckedIOException("no PostgreSQL server under " + INSTALLATIONS, e);
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}
}
