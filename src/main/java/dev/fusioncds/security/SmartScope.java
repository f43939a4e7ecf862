package dev.fusioncds.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART on FHIR scope, v2 ({@code patient/Observation.rs}, {@code system/*.cruds}) or v1
 * ({@code user/*.read}, {@code patient/Observation.write}), as what it permits.
 *
 * @param level {@code patient}, {@code user} or {@code system}
 * @param resourceType a resource type, or {@code *}
 */
record SmartScope(String level, String resourceType, boolean read, boolean write, boolean delete) {

	private static final Pattern SCOPE =
			Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.(\\*|read|write|c?r?u?d?s?)(\\?.*)?");

	static List<SmartScope> parse(String scopes) {
		List<SmartScope> parsed = new ArrayList<>();
		if (scopes == null) {
			return parsed;
		}
		for (String scope : scopes.trim().split("\\s+")) {
			Matcher m = SCOPE.matcher(scope);
			if (!m.matches() || m.group(3).isEmpty()) {
				continue;
			}
			String permissions = m.group(3);
			parsed.add(switch (permissions) {
				case "*" -> new SmartScope(m.group(1), m.group(2), true, true, true);
				case "read" -> new SmartScope(m.group(1), m.group(2), true, false, false);
				case "write" -> new SmartScope(m.group(1), m.group(2), false, true, true);
				default -> new SmartScope(m.group(1), m.group(2),
						permissions.contains("r") || permissions.contains("s"),
						permissions.contains("c") || permissions.contains("u"),
						permissions.contains("d"));
			});
		}
		return parsed;
	}

	boolean allTypes() {
		return "*".equals(resourceType);
	}
}
