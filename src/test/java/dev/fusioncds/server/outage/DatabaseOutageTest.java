package dev.fusioncds.server.outage;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import jakarta.servlet.ServletException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.TransactionException;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseOutageTest {

	@Test
	void thePoolTimingOutUnderHapisWrappersIsAnOutage() {
		SQLTransientConnectionException timeout = new SQLTransientConnectionException(
				"HikariPool-1 - Connection is not available, request timed out after 3000ms",
				"08001", new SQLException("Connection to 127.0.0.1:5432 refused", "08001", new ConnectException("refused")));
		Throwable thrown = new InternalErrorException("HAPI-0389: Failed to call access method",
				new CannotCreateTransactionException("Could not open JPA EntityManager for transaction", timeout));

		assertThat(DatabaseOutage.isCause(thrown)).isTrue();
	}

	@Test
	void aConnectionLostMidStatementOrPostgresShuttingDownIsAnOutage() {
		assertThat(DatabaseOutage.isCause(new RuntimeException(new SQLException("An I/O error occurred while sending to the backend", "08006"))))
				.isTrue();
		assertThat(DatabaseOutage.isCause(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
		assertThat(DatabaseOutage.isCause(new SQLException("the database system is starting up", "57P03"))).isTrue();
	}

	@Test
	void aTransactionWhoseConnectionThePoolClosedUnderItIsAnOutage() {
		// the statement's I/O error made Hikari close the connection; the rollback then fails and
		// Spring throws that failure instead of the I/O error
		Throwable thrown = new InternalErrorException("HAPI-0389: Failed to call access method",
				new JpaSystemException(new TransactionException("Unable to rollback against JDBC Connection",
						new SQLException("Connection is closed"))));

		assertThat(DatabaseOutage.isCause(thrown)).isTrue();
	}

	@Test
	void noConnectionForAJdbcTemplateBehindAServletExceptionIsAnOutage() {
		assertThat(DatabaseOutage.isCause(new ServletException("Request processing failed",
				new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", new SQLException("refused", "08001"))))).isTrue();
	}

	@Test
	void constraintViolationsConflictsAndBugsAreNoOutage() {
		SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
		assertThat(DatabaseOutage.isCause(new DataIntegrityViolationException("duplicate",
				new ConstraintViolationException("duplicate", duplicate, "idx")))).isFalse();
		assertThat(DatabaseOutage.isCause(new ResourceVersionConflictException("HAPI-0550: version conflict"))).isFalse();
		assertThat(DatabaseOutage.isCause(new InternalErrorException("boom", new NullPointerException()))).isFalse();
		assertThat(DatabaseOutage.isCause(new SQLException("no state"))).isFalse();
		assertThat(DatabaseOutage.isCause(new TransactionException("Unable to commit against JDBC Connection",
				new SQLException("could not serialize access due to concurrent update", "40001")))).isFalse();
	}
}
