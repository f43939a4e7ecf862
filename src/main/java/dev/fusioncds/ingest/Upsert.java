package dev.fusioncds.ingest;

import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * An insert-or-update statement for our own tables, in the database's dialect. Two nodes may write
 * the same key at once: a plain INSERT would abort one transaction, an upsert never does.
 */
final class Upsert {

	private Upsert() {}

	/** @param keys the primary-key columns, a prefix of {@code columns}; parameters bind in {@code columns} order */
	static String statement(DataSource dataSource, String table, List<String> columns, List<String> keys) {
		String values = " VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
		String columnList = " (" + String.join(", ", columns) + ")";
		if (!isPostgres(dataSource)) {
			return "MERGE INTO " + table + columnList + " KEY (" + String.join(", ", keys) + ")" + values;
		}
		return "INSERT INTO " + table + columnList + values + " ON CONFLICT (" + String.join(", ", keys) + ") DO UPDATE SET "
				+ columns.stream().filter(c -> !keys.contains(c)).map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
	}

	private static boolean isPostgres(DataSource dataSource) {
		try {
			String product = JdbcUtils.extractDatabaseMetaData(dataSource, "getDatabaseProductName");
			return product.toLowerCase().contains("postgres");
		} catch (MetaDataAccessException e) {
			throw new IllegalStateException("Cannot tell the database product", e);
		}
	}
}
