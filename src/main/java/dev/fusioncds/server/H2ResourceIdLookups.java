package dev.fusioncds.server;

import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * HAPI looks several resources up by type and id in one query whose condition is an OR of
 * {@code RES_TYPE=? and FHIR_ID=?} pairs (every PUT target of a transaction, before it writes). H2
 * uses no index for an OR across two columns and reads the whole resource table, AuditEvents and
 * suggestions included, so each transaction cost more as the store grew: at about 100,000 stored
 * resources this scan was 38 % of a later report's ingest (JFR). The same condition written as a
 * row-value {@code IN} is answered from H2's index on {@code FHIR_ID}, with the same parameters in the
 * same order. Only a query whose whole condition is such an OR is rewritten (H2 plans one with a
 * partition condition in front by the partition index either way). PostgreSQL answers the OR from its
 * indexes (BitmapOr), so this runs on H2 only.
 */
public final class H2ResourceIdLookups implements StatementInspector {

	private static final String PAIR = "%1$s.RES_TYPE=? and %1$s.FHIR_ID=?";
	private static final Pattern OR_OF_PAIRS = Pattern.compile(
			" where \\((\\w+)\\.RES_TYPE=\\? and \\1\\.FHIR_ID=\\?((?: or \\1\\.RES_TYPE=\\? and \\1\\.FHIR_ID=\\?)+)\\)$");

	@Override
	public String inspect(String sql) {
		// checked first on every statement: only a look-up by ids ends like this
		if (!sql.endsWith(".FHIR_ID=?)") || !sql.startsWith("select ")) {
			return sql;
		}
		Matcher pairs = OR_OF_PAIRS.matcher(sql);
		if (!pairs.find()) {
			return sql;
		}
		String alias = pairs.group(1);
		int count = 1 + pairs.group(2).length() / (" or " + PAIR.formatted(alias)).length();
		return sql.substring(0, pairs.start()) + " where (" + alias + ".RES_TYPE," + alias + ".FHIR_ID) in ("
				+ String.join(",", Collections.nCopies(count, "(?,?)")) + ")";
	}
}
