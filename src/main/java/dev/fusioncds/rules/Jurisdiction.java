package dev.fusioncds.rules;

import java.util.Locale;
import java.util.Optional;

/** Where the patient is treated decides which approvals count. */
public enum Jurisdiction {
	US("FDA"),
	EU("EMA"),
	CN("NMPA"),
	JP("PMDA");

	private final String regulator;

	Jurisdiction(String regulator) {
		this.regulator = regulator;
	}

	public String regulator() {
		return regulator;
	}

	public static Optional<Jurisdiction> fromCode(String code) {
		if (code == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(valueOf(code.trim().toUpperCase(Locale.ROOT)));
		} catch (IllegalArgumentException e) {
			return Optional.empty();
		}
	}
}
