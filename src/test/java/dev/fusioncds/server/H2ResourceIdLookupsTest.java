package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class H2ResourceIdLookupsTest {

	/** As Hibernate writes HAPI's look-up of a transaction's PUT targets (captured from the server's SQL log). */
	private static final String LOOKUP = "select rt1_0.RES_ID,rt1_0.RES_TYPE,rt1_0.FHIR_ID,rt1_0.RES_DELETED_AT,rt1_0.PARTITION_ID "
			+ "from HFJ_RESOURCE rt1_0 where (rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=? or rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=?"
			+ " or rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=?)";

	private final H2ResourceIdLookups inspector = new H2ResourceIdLookups();

	@Test
	void rewritesAnOrOfTypeAndIdPairsAsARowValueIn() {
		assertThat(inspector.inspect(LOOKUP)).isEqualTo("select rt1_0.RES_ID,rt1_0.RES_TYPE,rt1_0.FHIR_ID,rt1_0.RES_DELETED_AT,"
				+ "rt1_0.PARTITION_ID from HFJ_RESOURCE rt1_0 where (rt1_0.RES_TYPE,rt1_0.FHIR_ID) in ((?,?),(?,?),(?,?))");
	}

	@Test
	void leavesEveryOtherStatementAsItIs() {
		List<String> others = List.of(
				// one pair: already answered from the unique index
				"select rt1_0.RES_ID from HFJ_RESOURCE rt1_0 where (rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=?)",
				// a partition condition in front: H2 keeps the partition index for either form
				"select rt1_0.RES_ID from HFJ_RESOURCE rt1_0 where rt1_0.PARTITION_ID is null and (rt1_0.RES_TYPE=? and "
						+ "rt1_0.FHIR_ID=? or rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=?)",
				// pairs of two different tables
				"select a.RES_ID from HFJ_RESOURCE a join HFJ_RESOURCE b on 1=1 where (a.RES_TYPE=? and a.FHIR_ID=? or "
						+ "b.RES_TYPE=? and b.FHIR_ID=?)",
				"update HFJ_RESOURCE set RES_VER=? where (rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=? or rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=?)",
				"insert into HFJ_RESOURCE (RES_TYPE,FHIR_ID,RES_ID) values (?,?,?)");
		others.forEach(sql -> assertThat(inspector.inspect(sql)).as(sql).isSameAs(sql));
	}

	@Test
	void findsTheSameRowsThroughTheIdIndexInsteadOfReadingTheTable() throws SQLException {
		try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:id-lookups")) {
			try (Statement ddl = h2.createStatement()) {
				// HAPI's HFJ_RESOURCE, the columns and indexes the look-up touches
				ddl.execute("create table HFJ_RESOURCE (RES_ID bigint primary key, PARTITION_ID int, RES_TYPE varchar(40) not null, "
						+ "FHIR_ID varchar(64) not null, RES_DELETED_AT timestamp)");
				ddl.execute("create unique index IDX_RES_TYPE_FHIR_ID on HFJ_RESOURCE (PARTITION_ID, RES_TYPE, FHIR_ID)");
				ddl.execute("create index IDX_RES_FHIR_ID on HFJ_RESOURCE (FHIR_ID)");
				ddl.execute("insert into HFJ_RESOURCE select x, null, case mod(x, 2) when 0 then 'Observation' else 'AuditEvent' end, "
						+ "'r' || x, null from system_range(1, 2000)");
			}
			// the same id under two types, and a pair that matches nothing
			String[] params = {"Observation", "r10", "AuditEvent", "r11", "AuditEvent", "r10"};
			String rewritten = inspector.inspect(LOOKUP);

			assertThat(rows(h2, rewritten, params)).containsExactly("AuditEvent/r11 11", "Observation/r10 10")
					.isEqualTo(rows(h2, LOOKUP, params));
			assertThat(plan(h2, LOOKUP, params)).contains("tableScan");
			assertThat(plan(h2, rewritten, params)).contains("IDX_RES_FHIR_ID").doesNotContain("tableScan");
		}
	}

	private static List<String> rows(Connection h2, String sql, String[] params) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (PreparedStatement query = prepared(h2, sql, params); ResultSet result = query.executeQuery()) {
			while (result.next()) {
				rows.add(result.getString("RES_TYPE") + "/" + result.getString("FHIR_ID") + " " + result.getLong("RES_ID"));
			}
		}
		rows.sort(null);
		return rows;
	}

	private static String plan(Connection h2, String sql, String[] params) throws SQLException {
		try (PreparedStatement explain = prepared(h2, "explain " + sql, params); ResultSet result = explain.executeQuery()) {
			result.next();
			return result.getString(1);
		}
	}

	private static PreparedStatement prepared(Connection h2, String sql, String[] params) throws SQLException {
		PreparedStatement statement = h2.prepareStatement(sql);
		for (int i = 0; i < params.length; i++) {
			statement.setString(i + 1, params[i]);
		}
		return statement;
	}
}
