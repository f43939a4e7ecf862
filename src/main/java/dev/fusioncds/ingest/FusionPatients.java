package dev.fusioncds.ingest;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The patients that have fusion results, with the knowledge version their suggestions were last
 * made with. It lets a write of mere context (a Condition, a medication) skip every patient without
 * fusion results in one primary-key lookup, and tells {@code $reevaluate} which patients are stale.
 * Written through the same connection as HAPI's own tables, so it commits or rolls back with them.
 */
@Component
public class FusionPatients {

	static final String TABLE = "fcds_fusion_patient";
	/** Knowledge version of a patient whose fusion results were stored without evaluation. */
	public static final String NOT_EVALUATED = "-";

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final String upsert;

	FusionPatients(JdbcTemplate jdbc, DataSource dataSource, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
		jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (patient_ref VARCHAR(200) PRIMARY KEY, "
				+ "knowledge_version VARCHAR(40) NOT NULL, evaluated_at TIMESTAMP NOT NULL)");
		jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_version ON " + TABLE + " (knowledge_version, patient_ref)");
		this.upsert = Upsert.statement(dataSource, TABLE, List.of("patient_ref", "knowledge_version", "evaluated_at"), List.of("patient_ref"));
	}

	public void record(String patientRef, String knowledgeVersion) {
		jdbc.update(upsert, patientRef, knowledgeVersion, Timestamp.from(clock.instant()));
	}

	public boolean contains(String patientRef) {
		return !jdbc.queryForList("SELECT 1 FROM " + TABLE + " WHERE patient_ref = ?", Integer.class, patientRef).isEmpty();
	}

	/**
	 * The next {@code limit} patients in key order after {@code after}: all of them, or with
	 * {@code staleFor} set only those last evaluated with another knowledge version.
	 */
	public List<String> page(String staleFor, String after, int limit) {
		if (staleFor == null) {
			return jdbc.queryForList("SELECT patient_ref FROM " + TABLE + " WHERE patient_ref > ? ORDER BY patient_ref "
					+ "FETCH FIRST " + limit + " ROWS ONLY", String.class, after);
		}
		return jdbc.queryForList("SELECT patient_ref FROM " + TABLE + " WHERE knowledge_version <> ? AND patient_ref > ? "
				+ "ORDER BY patient_ref FETCH FIRST " + limit + " ROWS ONLY", String.class, staleFor, after);
	}

	/** How many {@link #page} would list: all patients, or with {@code staleFor} set the stale ones. */
	public int count(String staleFor) {
		return staleFor == null
				? jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE, Integer.class)
				: countStale(staleFor);
	}

	public int countStale(String knowledgeVersion) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE + " WHERE knowledge_version <> ?", Integer.class, knowledgeVersion);
	}
}
