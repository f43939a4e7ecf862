package dev.fusioncds.server.outage;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.hibernate.TransactionException;
import org.hibernate.exception.JDBCConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Which failures mean "the database cannot serve right now" — answered {@code 503} with
 * {@code Retry-After}, never {@code 500}. The one place that knows the exception types: the pool's
 * timeout (Hikari's {@link SQLTransientConnectionException}: no connection within the connection
 * timeout, because the database is unreachable or every connection stayed busy), the driver's
 * connection errors (SQL state class 08, PostgreSQL shutting down or starting up), a transaction
 * whose connection the pool closed under it, Hibernate's and Spring's wrappers of them, wherever
 * they sit in the cause chain (HAPI wraps them in its own).
 */
public final class DatabaseOutage {

	/** Seconds a client should wait before retrying. */
	public static final int RETRY_AFTER_SECONDS = 5;
	public static final String MESSAGE = "The database is unavailable; retry shortly";

	/** PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
	private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
	private static final int MAX_DEPTH = 32;

	private DatabaseOutage() {}

	public static boolean isCause(Throwable thrown) {
		Throwable cause = thrown;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
			if (unavailable(cause)) {
				return true;
			}
			cause = cause.getCause() == cause ? null : cause.getCause();
		}
		return false;
	}

	private static boolean unavailable(Throwable e) {
		if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
				|| e instanceof JDBCConnectionException || e instanceof CannotCreateTransactionException
				|| e instanceof DataAccessResourceFailureException) {
			return true;
		}
		if (e instanceof TransactionException && e.getCause() instanceof SQLException sql && sql.getSQLState() == null) {
			// the pool closed the connection after a fatal error, so the transaction cannot even be
			// rolled back; Spring then throws that failure and only logs the error that caused it
			return true;
		}
		return e instanceof SQLException sql && sql.getSQLState() != null
				&& (sql.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(sql.getSQLState()));
	}
}
