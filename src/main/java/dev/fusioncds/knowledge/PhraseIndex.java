package dev.fusioncds.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Phrases that name something (a drug, a tumor type, a test method), matched in free text as whole
 * words, case-insensitively, with hyphens and spaces interchangeable. Most texts name nothing, so
 * one alternation of every phrase answers them in a single pass; only a text that matches it is
 * scanned phrase by phrase, in the data's order.
 */
final class PhraseIndex<T> {

	private record Named<T>(Pattern pattern, T value) {}

	private final List<Named<T>> phrases;
	private final Pattern any;

	/** @param phrases phrase → what it names, in priority order */
	PhraseIndex(List<Map.Entry<String, T>> phrases) {
		this.phrases = phrases.stream().map(p -> new Named<>(Pattern.compile(regex(p.getKey()), Pattern.CASE_INSENSITIVE), p.getValue()))
				.toList();
		this.any = Pattern.compile(phrases.stream().map(p -> "(?:" + regex(p.getKey()) + ")").collect(Collectors.joining("|")),
				Pattern.CASE_INSENSITIVE);
	}

	/** Phrases that only say whether any of them occurs. */
	static PhraseIndex<String> of(List<String> phrases) {
		return new PhraseIndex<>(phrases.stream().map(p -> Map.entry(p, p)).toList());
	}

	boolean foundIn(String text) {
		return !phrases.isEmpty() && text != null && !text.isBlank() && any.matcher(text).find();
	}

	/** Everything named in the text, each once, in the data's order. */
	List<T> allIn(String text) {
		if (!foundIn(text)) {
			return List.of();
		}
		return phrases.stream().filter(n -> n.pattern().matcher(text).find()).map(Named::value).distinct().toList();
	}

	/** What the first phrase (in the data's order) that occurs in the text names. */
	Optional<T> firstIn(String text) {
		if (!foundIn(text)) {
			return Optional.empty();
		}
		return phrases.stream().filter(n -> n.pattern().matcher(text).find()).map(Named::value).findFirst();
	}

	private static String regex(String phrase) {
		String quoted = Pattern.quote(phrase.toLowerCase(Locale.ROOT)).replace("-", "\\E[-\\s]?\\Q").replace(" ", "\\E[-\\s]\\Q");
		return "(?<![A-Za-z0-9])" + quoted + "(?![A-Za-z0-9])";
	}
}
