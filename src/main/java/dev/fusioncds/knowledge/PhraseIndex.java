package dev.fusioncds.knowledge;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Phrases that name something (a drug, a tumor type, a test method), matched in free text as whole
 * words, case-insensitively, with hyphens and spaces interchangeable. Most texts name nothing, and
 * a phrase can only match a text whose lower-cased form holds the phrase's longest word: a phrase's
 * pattern runs only on a text where a plain substring search finds that word. (This holds because
 * the patterns fold ASCII case only, as {@code toLowerCase} does for ASCII; with UNICODE_CASE, 'ſ'
 * would match 's' and the word test could miss.) An alternation of every phrase, tried at every
 * position of the text, cost a tenth of a CDS call's CPU (JFR).
 */
final class PhraseIndex<T> {

	/** @param word the phrase's longest word, lower-cased: every text the pattern matches holds it */
	private record Named<T>(String word, Pattern pattern, T value) {

		boolean in(String text, String lowerCased) {
			return lowerCased.contains(word) && pattern.matcher(text).find();
		}
	}

	private final List<Named<T>> phrases;

	/** @param phrases phrase → what it names, in priority order */
	PhraseIndex(List<Map.Entry<String, T>> phrases) {
		this.phrases = phrases.stream().map(p -> new Named<>(longestWord(p.getKey()),
				Pattern.compile(regex(p.getKey()), Pattern.CASE_INSENSITIVE), p.getValue())).toList();
	}

	/** Phrases that only say whether any of them occurs. */
	static PhraseIndex<String> of(List<String> phrases) {
		return new PhraseIndex<>(phrases.stream().map(p -> Map.entry(p, p)).toList());
	}

	boolean foundIn(String text) {
		return found(text).findAny().isPresent();
	}

	/** Everything named in the text, each once, in the data's order. */
	List<T> allIn(String text) {
		return found(text).distinct().toList();
	}

	/** What the first phrase (in the data's order) that occurs in the text names. */
	Optional<T> firstIn(String text) {
		return found(text).findFirst();
	}

	private Stream<T> found(String text) {
		if (phrases.isEmpty() || text == null || text.isBlank()) {
			return Stream.empty();
		}
		String lowerCased = text.toLowerCase(Locale.ROOT);
		return phrases.stream().filter(n -> n.in(text, lowerCased)).map(Named::value);
	}

	/** Hyphens and spaces are where the pattern lets the text differ; the words between are literal. */
	private static String longestWord(String phrase) {
		return Arrays.stream(phrase.toLowerCase(Locale.ROOT).split("[- ]"))
				.max(Comparator.comparingInt(String::length)).orElse("");
	}

	private static String regex(String phrase) {
		String quoted = Pattern.quote(phrase.toLowerCase(Locale.ROOT)).replace("-", "\\E[-\\s]?\\Q").replace(" ", "\\E[-\\s]\\Q");
		return "(?<![A-Za-z0-9])" + quoted + "(?![A-Za-z0-9])";
	}
}
