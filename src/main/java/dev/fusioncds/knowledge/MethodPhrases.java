package dev.fusioncds.knowledge;

import java.util.List;

/** Phrases that name a test method (methods.json), in the order they are checked. */
public record MethodPhrases(String method, List<String> phrases, List<String> citations) {}
