package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The round trip on the machine's real PostgreSQL (127.0.0.1:5432, database test, user postgres)
 * through the {@code postgres} profile. Never skipped: an unreachable database fails the build.
 */
@SpringBootTest(classes = FusionCdsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"it", "postgres"})
class PostgresStorageRoundTripIT extends StorageRoundTripContract {

	static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=5";

	@BeforeAll
	public static void requirePostgres() {
		try (Connection connection = DriverManager.getConnection(URL, "postgres", "")) {
			connection.isValid(5);
		} catch (SQLException e) {
			fail("PostgreSQL is not reachable at 127.0.0.1:5432 (database test, user postgres): "
					+ e.getMessage()
					+ ". Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
		}
	}
}
