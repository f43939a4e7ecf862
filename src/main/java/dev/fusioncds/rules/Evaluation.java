package dev.fusioncds.rules;

import java.util.List;

/** The engine's answer: suggestions in a deterministic order, and a trace of why. */
public record Evaluation(List<Suggestion> suggestions, List<String> trace) {

	public Evaluation {
		suggestions = List.copyOf(suggestions);
		trace = List.copyOf(trace);
	}
}
