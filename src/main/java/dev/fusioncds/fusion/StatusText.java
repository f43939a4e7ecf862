package dev.fusioncds.fusion;

import dev.fusioncds.fusion.FusionFinding.Qualifier;
import dev.fusioncds.fusion.FusionFinding.Status;
import dev.fusioncds.fusion.FusionTextParser.Mention;
import dev.fusioncds.knowledge.ResultVocabulary;
import dev.fusioncds.knowledge.ResultVocabulary.PhraseList;
import dev.fusioncds.knowledge.ResultVocabulary.TriggerGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a text says about each fusion target it names, read in the manner of NegEx/ConText: trigger
 * phrases (result-status.json) reach the genes before or after them, a scope ends at a sentence or
 * clause boundary and at the next trigger, pseudo-triggers ("positive control") say nothing, and a
 * clause that names no gene states the result of the genes the test is about — unless it speaks of
 * other genes or findings. Where several triggers reach a gene the least certain wins, so a result
 * reads DETECTED only when nothing in its scope says otherwise.
 */
final class StatusText {

	/** A status stated in a text, with the phrase that stated it. */
	record Said(Status status, Qualifier qualifier, String evidence) {

		private static final List<Status> LEAST_CERTAIN_FIRST =
				List.of(Status.INDETERMINATE, Status.UNCERTAIN, Status.NOT_DETECTED, Status.DETECTED);
		/** "Indeterminate: insufficient RNA" is a failed test; "equivocal, repeat pending" an equivocal one. */
		private static final List<Qualifier> MOST_TELLING_FIRST = List.of(Qualifier.FAILED, Qualifier.EQUIVOCAL, Qualifier.PENDING,
				Qualifier.UNCONFIRMED, Qualifier.SIGNIFICANCE_UNCERTAIN, Qualifier.NOT_STATED, Qualifier.NONE);

		/** The less certain of two statements about one gene; null-safe. */
		static Said lessCertain(Said a, Said b) {
			if (a == null || b == null) {
				return a == null ? b : a;
			}
			int byStatus = Integer.compare(LEAST_CERTAIN_FIRST.indexOf(b.status), LEAST_CERTAIN_FIRST.indexOf(a.status));
			if (byStatus != 0) {
				return byStatus < 0 ? b : a;
			}
			return MOST_TELLING_FIRST.indexOf(b.qualifier) < MOST_TELLING_FIRST.indexOf(a.qualifier) ? b : a;
		}
	}

	/**
	 * What one text says.
	 *
	 * @param mentions each target named, by symbol (the mention naming a partner preferred)
	 * @param byTarget what the text says about a named target
	 * @param geneLess what a clause naming no gene says ("Negative."), applying to the tested genes
	 */
	record Reading(Map<String, Mention> mentions, Map<String, Said> byTarget, Said geneLess) {

		static final Reading EMPTY = new Reading(Map.of(), Map.of(), null);

		/** What this text says about a target: its own statements and the gene-less ones together. */
		Said about(String target) {
			return Said.lessCertain(byTarget.get(target), geneLess);
		}
	}

	private enum Direction { FORWARD, BACKWARD, BOTH }

	private record Trigger(Status status, Qualifier qualifier, Direction direction, boolean closesNegation) {}

	private record Found(Trigger trigger, String phrase, int start, int end) {}

	private static final Pattern FUSION_WORD = Pattern.compile(
			"fusion|rearrang|translocat|::|break-?apart|split signal", Pattern.CASE_INSENSITIVE);

	private final FusionTextParser genes;
	private final Map<String, Trigger> triggers = new HashMap<>();
	private final Pattern phrases;
	private final Pattern clauseBreak;
	private final Pattern skipClause;
	private final Pattern otherFinding;
	private final Pattern testName;
	private final Pattern recommendation;

	StatusText(ResultVocabulary vocabulary, FusionTextParser genes) {
		this.genes = genes;
		List<String> all = new ArrayList<>(vocabulary.pseudoTriggers().phrases());
		for (TriggerGroup group : vocabulary.triggers().groups()) {
			Trigger trigger = new Trigger(Status.valueOf(group.status()),
					group.qualifier() == null ? Qualifier.NONE : Qualifier.valueOf(group.qualifier()),
					Direction.valueOf(group.direction().toUpperCase(Locale.ROOT)), group.closesNegation());
			for (String phrase : group.phrases()) {
				Trigger earlier = triggers.put(key(phrase), trigger);
				if (earlier != null && !earlier.equals(trigger)) {
					throw new IllegalStateException("result-status.json: phrase '" + phrase + "' is in two trigger groups");
				}
				all.add(phrase);
			}
		}
		Set<String> pseudo = vocabulary.pseudoTriggers().phrases().stream().map(StatusText::key).collect(Collectors.toSet());
		pseudo.stream().filter(triggers::containsKey).findFirst().ifPresent(p -> {
			throw new IllegalStateException("result-status.json: '" + p + "' is both a trigger and a pseudo-trigger");
		});
		this.phrases = alternation(all);
		this.clauseBreak = Pattern.compile("[.;!?\\n\\r]+(?!\\d)|" + alternation(vocabulary.terminators().phrases()).pattern(),
				Pattern.CASE_INSENSITIVE);
		this.skipClause = alternation(vocabulary.skipClauses());
		this.otherFinding = alternation(vocabulary.otherFindingWords());
		this.testName = alternation(vocabulary.testNameWords());
		this.recommendation = alternation(vocabulary.recommendationWords());
	}

	/**
	 * @param isValue the text is the result's value: a clause there that names a fusion and states
	 *     nothing else ("CD74-NRG1 fusion", "ETV6::NTRK3") is the finding itself, unless it reads
	 *     like a test's name ("NRG1 fusion analysis")
	 */
	Reading read(String rawText, boolean isValue) {
		if (rawText == null || rawText.isBlank()) {
			return Reading.EMPTY;
		}
		Map<String, Mention> mentions = new LinkedHashMap<>();
		Map<String, Said> byTarget = new LinkedHashMap<>();
		Said geneLess = null;
		for (String clause : clauses(FusionTextParser.normalize(rawText))) {
			if (skipClause.matcher(clause).find()) {
				continue;
			}
			List<Mention> named = genes.mentions(clause);
			named.forEach(m -> mentions.merge(m.target().symbol(), m, (a, b) -> a.namesPartner() ? a : b));
			List<Found> found = triggers(clause);
			List<int[]> others = genes.otherGenes(clause);
			if (found.isEmpty()) {
				if (isValue && !named.isEmpty() && (FUSION_WORD.matcher(clause).find() || named.stream().anyMatch(Mention::namesPartner))
						&& !testName.matcher(clause).find()) {
					Said finding = new Said(Status.DETECTED, Qualifier.NONE, clause.trim());
					named.forEach(m -> byTarget.merge(m.target().symbol(), finding, Said::lessCertain));
				}
				continue;
			}
			if (named.isEmpty()) {
				if (others.isEmpty() && !otherFinding.matcher(clause).find()) {
					for (Found f : found) {
						geneLess = Said.lessCertain(geneLess, said(f));
					}
				}
				continue;
			}
			for (Mention mention : named) {
				Said about = null;
				for (int i = 0; i < found.size(); i++) {
					if (reaches(found, i, mention, named, others)) {
						about = Said.lessCertain(about, said(found.get(i)));
					}
				}
				if (about != null) {
					byTarget.merge(mention.target().symbol(), about, Said::lessCertain);
				}
			}
		}
		return new Reading(mentions, byTarget, geneLess);
	}

	/** The clauses of a text without those that recommend a test: what is left names the method used. */
	String withoutRecommendations(String text) {
		if (text == null) {
			return "";
		}
		return clauses(text).stream().filter(c -> !recommendation.matcher(c).find()).collect(Collectors.joining(". "));
	}

	private List<String> clauses(String text) {
		return List.of(clauseBreak.split(text));
	}

	private List<Found> triggers(String clause) {
		List<Found> found = new ArrayList<>();
		Matcher m = phrases.matcher(clause);
		while (m.find()) {
			Trigger trigger = triggers.get(key(m.group()));
			if (trigger != null) {
				found.add(new Found(trigger, m.group(), m.start(), m.end()));
			}
		}
		return found;
	}

	/**
	 * Does trigger i reach the mention? Backward scope starts after the previous trigger of another
	 * status, forward scope ends at the next one ("NRG1 indeterminate: insufficient RNA" chains), except
	 * that a negation passes the first affirmation that closes it ("No fusion was detected in NRG1"). A two-way trigger looks back when a gene precedes it in
	 * its backward scope ("NRG1: not detected", "EGFR wild-type"), else forward ("Negative for NRG1").
	 */
	private static boolean reaches(List<Found> found, int i, Mention mention, List<Mention> named, List<int[]> others) {
		Found trigger = found.get(i);
		Status status = trigger.trigger().status();
		int backStart = backStart(found, i);
		int forwardEnd = Integer.MAX_VALUE;
		boolean passed = false;
		for (int j = i + 1; j < found.size(); j++) {
			Found next = found.get(j);
			if (next.trigger().status() == status) {
				continue;
			}
			if (status != Status.DETECTED && next.trigger().closesNegation() && !passed) {
				passed = true;
				continue;
			}
			forwardEnd = next.start();
			break;
		}
		Direction direction = trigger.trigger().direction();
		if (direction == Direction.BOTH) {
			boolean geneBefore = named.stream().anyMatch(m -> m.start() >= backStart && m.end() <= trigger.start())
					|| others.stream().anyMatch(o -> o[0] >= backStart && o[1] <= trigger.start());
			direction = geneBefore ? Direction.BACKWARD : Direction.FORWARD;
		}
		return direction == Direction.BACKWARD
				? mention.start() >= backStart && mention.end() <= trigger.start()
				: mention.start() >= trigger.end() && mention.end() <= forwardEnd;
	}

	private static int backStart(List<Found> found, int i) {
		for (int j = i - 1; j >= 0; j--) {
			if (found.get(j).trigger().status() != found.get(i).trigger().status()) {
				return found.get(j).end();
			}
		}
		return 0;
	}

	private static Said said(Found found) {
		return new Said(found.trigger().status(), found.trigger().qualifier(), found.phrase());
	}

	private static String key(String phrase) {
		return phrase.toLowerCase(Locale.ROOT).trim().replaceAll("[-\\s]+", " ");
	}

	private static Pattern alternation(PhraseList list) {
		return alternation(list.phrases());
	}

	/** One pattern for a phrase list: whole words, any case, hyphen and space alike, longest phrase first. */
	private static Pattern alternation(List<String> phrases) {
		String body = phrases.stream()
				.distinct()
				.sorted(Comparator.comparingInt(String::length).reversed())
				.map(p -> List.of(p.trim().split("[-\\s]+")).stream().map(Pattern::quote).collect(Collectors.joining("[-\\s]+")))
				.collect(Collectors.joining("|"));
		return Pattern.compile("(?<![A-Za-z0-9])(?:" + body + ")(?![A-Za-z0-9])", Pattern.CASE_INSENSITIVE);
	}
}
