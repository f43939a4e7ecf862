package dev.fusioncds.ingest;

import dev.fusioncds.rules.ScreeningGaps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Each followed patient's fusion-testing state, one row per screening population target, kept
 * current at every evaluation (ingest, {@code $reevaluate}) in the same transaction as the
 * suggestions. {@code $screening-gaps} is then two indexed queries, not a FHIR search per patient.
 */
@Component
public class ScreeningStates {

	static final String TABLE = "fcds_screening_state";
	/** Enough references to show why; a patient with more results keeps the first ones. */
	private static final int MAX_EVIDENCE = 20;
	private static final Map<String, Integer> SEVERITY_RANK = Map.of("high", 0, "moderate", 1, "low", 2);
	/** What an assessment says (severity_rank follows from severity, recorded_at is when): unchanged, a row is not rewritten. */
	private static final List<String> ASSESSED = List.of("tumor_type", "state", "gap", "severity", "test_id", "proposal", "detail", "evidence");
	/** A row's columns, in the order {@link #replace} builds its values. */
	private static final List<String> COLUMNS = List.of("patient_ref", "population", "target", "tumor_type", "state", "gap",
			"severity", "severity_rank", "test_id", "proposal", "detail", "evidence", "recorded_at");

	/** One stored row: an assessment plus the stored retest proposal that would close its gap, if any. */
	public record Row(String patient, String population, String tumorType, String target, ScreeningGaps.State state,
			String gap, String severity, String testId, String proposal, String detail, List<String> evidence, Instant recorded) {}

	/** Patients per tumor type: eligible, adequately tested (or explained by another driver), pending, with a gap. */
	public record Counts(String tumorType, int eligible, int tested, int pending, int withGap) {}

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final String upsert;

	ScreeningStates(JdbcTemplate jdbc, DataSource dataSource, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
		jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (patient_ref VARCHAR(200) NOT NULL, population VARCHAR(40) NOT NULL, "
				+ "target VARCHAR(40) NOT NULL, tumor_type VARCHAR(40) NOT NULL, state VARCHAR(12) NOT NULL, gap VARCHAR(40), "
				+ "severity VARCHAR(12), severity_rank INT NOT NULL, test_id VARCHAR(40), proposal VARCHAR(200), detail VARCHAR(4000), "
				+ "evidence VARCHAR(4000), recorded_at TIMESTAMP NOT NULL, PRIMARY KEY (patient_ref, population, target))");
		jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_gaps ON " + TABLE + " (state, severity_rank, recorded_at, patient_ref)");
		jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_tumor ON " + TABLE + " (tumor_type, state)");
		this.upsert = Upsert.statement(dataSource, TABLE, COLUMNS, List.of("patient_ref", "population", "target"));
	}

	/**
	 * Replaces the patient's rows with these assessments (none: the patient left every population).
	 * A row whose assessment is unchanged is left as it is, recorded when it was first seen: a gap's
	 * {@code identified} date is when it arose, and re-evaluating an unchanged patient writes nothing.
	 *
	 * @param proposals stored retest ServiceRequest per target gene, to name as a gap's mitigation
	 */
	public void replace(String patient, List<ScreeningGaps.Assessment> assessments, Map<String, String> proposals) {
		List<Object[]> rows = new ArrayList<>();
		Timestamp now = Timestamp.from(clock.instant());
		for (ScreeningGaps.Assessment a : assessments) {
			String proposal = a.state() == ScreeningGaps.State.GAP
					? a.genes().stream().map(proposals::get).filter(Objects::nonNull).findFirst().orElse(null)
					: null;
			rows.add(new Object[] {patient, a.population(), a.target(), a.tumorType(), a.state().name(), a.gap() == null ? null : a.gap().code(),
					a.severity(), a.severity() == null ? SEVERITY_RANK.size() : SEVERITY_RANK.get(a.severity()), a.testId(), proposal,
					clip(a.detail(), 4000), clip(String.join(" ", a.evidence().stream().limit(MAX_EVIDENCE).toList()), 4000), now});
		}
		Map<List<Object>, List<Object>> stored = new HashMap<>();
		jdbc.query("SELECT population, target, " + String.join(", ", ASSESSED) + " FROM " + TABLE + " WHERE patient_ref = ?",
				(RowCallbackHandler) rs -> {
					List<Object> assessed = new ArrayList<>();
					for (String column : ASSESSED) {
						assessed.add(rs.getString(column));
					}
					stored.put(List.of(rs.getString(1), rs.getString(2)), assessed);
				}, patient);
		Set<List<Object>> kept = rows.stream().map(ScreeningStates::key).collect(Collectors.toSet());
		for (List<Object> key : stored.keySet()) {
			if (!kept.contains(key)) {
				jdbc.update("DELETE FROM " + TABLE + " WHERE patient_ref = ? AND population = ? AND target = ?", patient, key.get(0), key.get(1));
			}
		}
		List<Object[]> changed = rows.stream().filter(r -> !assessed(r).equals(stored.get(key(r)))).toList();
		if (!changed.isEmpty()) {
			jdbc.batchUpdate(upsert, changed);
		}
	}

	/** A row's place among the patient's rows: population and target, as the stored rows are keyed. */
	private static List<Object> key(Object[] row) {
		return List.of(row[COLUMNS.indexOf("population")], row[COLUMNS.indexOf("target")]);
	}

	/** A row's assessment in {@link #ASSESSED} order, as the database returns it (text, null as null). */
	private static List<Object> assessed(Object[] row) {
		List<Object> values = new ArrayList<>();
		for (String column : ASSESSED) {
			Object value = row[COLUMNS.indexOf(column)];
			values.add(value == null ? null : value.toString());
		}
		return values;
	}

	/** Open gaps, most severe and newest first; {@code tumorType} null for all. */
	public List<Row> gaps(String tumorType, int offset, int count) {
		String where = "state = 'GAP'" + (tumorType == null ? "" : " AND tumor_type = ?");
		Object[] args = tumorType == null ? new Object[0] : new Object[] {tumorType};
		return jdbc.query("SELECT * FROM " + TABLE + " WHERE " + where + " ORDER BY severity_rank, recorded_at DESC, patient_ref, population, target "
				+ "OFFSET " + offset + " ROWS FETCH NEXT " + count + " ROWS ONLY", (rs, i) -> new Row(rs.getString("patient_ref"),
						rs.getString("population"), rs.getString("tumor_type"), rs.getString("target"),
						ScreeningGaps.State.valueOf(rs.getString("state")), rs.getString("gap"), rs.getString("severity"),
						rs.getString("test_id"), rs.getString("proposal"), rs.getString("detail"), evidence(rs.getString("evidence")),
						rs.getTimestamp("recorded_at").toInstant()), args);
	}

	/**
	 * Patients per tumor type, and over all tumor types first (tumor type null). A patient counts
	 * once per tumor type: with a gap if any target has one, else pending if any is pending, else tested.
	 */
	public List<Counts> counts(String tumorType) {
		String where = tumorType == null ? "" : " WHERE tumor_type = ?";
		Object[] args = tumorType == null ? new Object[0] : new Object[] {tumorType};
		String perPatient = "SELECT %s patient_ref, MAX(CASE WHEN state = 'GAP' THEN 1 ELSE 0 END) AS gap, "
				+ "MAX(CASE WHEN state = 'PENDING' THEN 1 ELSE 0 END) AS pending FROM " + TABLE + where + " GROUP BY %s patient_ref";
		String summary = "SELECT %s COUNT(*), SUM(CASE WHEN gap = 0 AND pending = 0 THEN 1 ELSE 0 END), "
				+ "SUM(CASE WHEN gap = 0 AND pending = 1 THEN 1 ELSE 0 END), SUM(gap) FROM (%s) p %s";
		List<Counts> counts = new ArrayList<>(jdbc.query(String.format(summary, "NULL,", String.format(perPatient, "", ""), ""),
				(rs, i) -> counts(rs), args));
		counts.addAll(jdbc.query(String.format(summary, "tumor_type,", String.format(perPatient, "tumor_type,", "tumor_type,"),
				"GROUP BY tumor_type ORDER BY tumor_type"), (rs, i) -> counts(rs), args));
		return counts;
	}

	private static Counts counts(ResultSet rs) throws SQLException {
		return new Counts(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5));
	}

	private static List<String> evidence(String joined) {
		return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(" "));
	}

	private static String clip(String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max);
	}
}
