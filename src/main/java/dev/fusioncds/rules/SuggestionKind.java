package dev.fusioncds.rules;

import java.util.Locale;

/** The four kinds of the suggestion contract (CodeSystem suggestion-kind), in card order. */
public enum SuggestionKind {
	THERAPY,
	TRIAL,
	RETEST,
	REVIEW;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}
}
