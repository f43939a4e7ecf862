package dev.fusioncds.fusion;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fusioncds.fusion.FusionFinding.Qualifier;
import dev.fusioncds.fusion.FusionFinding.Status;
import dev.fusioncds.fusion.FusionTextParser.Mention;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.ResultVocabulary;
import dev.fusioncds.knowledge.ResultVocabulary.PhraseList;
import dev.fusioncds.knowledge.ResultVocabulary.TriggerGroup;
import java.util.ArrayList;
import java.util.Collections;
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
 * clause boundary and at the next trigger, pseudo-triggers ("a negative result does not") say
 * nothing, background and quality-control sentences are skipped, and a clause that names no gene
 * states the result of the genes the test is about — unless it speaks of other genes or findings.
 * It fails safe: where several triggers reach a gene the least certain wins, a doubt counts wherever
 * it stands (only a sentence about another gene or biomarker keeps its doubts to itself), and an
 * affirmation counts only when it is plainly about the fusion.
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

		/**
		 * What this text says about a target: its own statements, and the gene-less ones when the text
		 * names no target gene or names this one (a conclusion "POSITIVE. ETV6::NTRK3 fusion identified."
		 * says nothing about NRG1).
		 */
		Said about(String target) {
			return Said.lessCertain(byTarget.get(target), mentions.isEmpty() || mentions.containsKey(target) ? geneLess : null);
		}
	}

	private enum Direction { FORWARD, BACKWARD, BOTH }

	private record Trigger(Status status, Qualifier qualifier, Direction direction, boolean closesNegation) {}

	private record Found(Trigger trigger, String phrase, int start, int end) {}

	/** What may stand between the genes of one list: "NRG1, NTRK1 and NTRK2 fusions", "NTRK1/2/3". */
	private static final Pattern LIST_SEPARATOR = Pattern.compile(
			"(?:[\\s,/&:()\\-]|\\b(?:and|or|nor|fusions?|genes?|rearrangements?)\\b)*", Pattern.CASE_INSENSITIVE);
	private static final Pattern EXON = Pattern.compile("(?<![A-Za-z0-9])(?:exon|intron|e|ex)\\s*\\d{1,3}(?!\\d)", Pattern.CASE_INSENSITIVE);
	private static final Pattern PARENTHETICAL = Pattern.compile("\\([^()]*\\)|\\[[^\\[\\]]*\\]");
	private static final Pattern FUSION_WORD = Pattern.compile(
			"fusion|rearrang|translocat|::|break-?apart|split signal", Pattern.CASE_INSENSITIVE);

	private final KnowledgeBase knowledge;
	private final FusionTextParser genes;
	private final Map<String, Trigger> triggers = new HashMap<>();
	private final Pattern phrases;
	private final Pattern clauseBreak;
	private final Pattern skipClause;
	private final Pattern otherFinding;
	private final Pattern otherBiomarker;
	private final Pattern testName;
	private final Pattern notFinal;
	private final Pattern recommendation;
	private final Pattern therapy;
	private final Pattern resultWords;
	private final Pattern positiveFlag;
	private final Pattern negativeFlag;
	private final Cache<Text, Reading> readings = Caffeine.newBuilder().maximumSize(20_000).build();

	StatusText(KnowledgeBase knowledge, FusionTextParser genes) {
		this.knowledge = knowledge;
		this.genes = genes;
		ResultVocabulary vocabulary = knowledge.resultVocabulary();
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
		this.clauseBreak = Pattern.compile("[.;!\\n\\r]+(?!\\d)|" + alternation(vocabulary.terminators().phrases()).pattern(),
				Pattern.CASE_INSENSITIVE);
		this.skipClause = alternation(vocabulary.skipClauses());
		this.otherFinding = alternation(vocabulary.otherFindingWords());
		this.otherBiomarker = alternation(vocabulary.otherBiomarkerWords());
		this.testName = alternation(vocabulary.testNameWords());
		this.notFinal = alternation(vocabulary.notFinalWords());
		this.recommendation = alternation(vocabulary.recommendationWords());
		this.therapy = alternation(vocabulary.therapyWords());
		this.resultWords = alternation(vocabulary.resultWords());
		this.positiveFlag = flag(vocabulary.flags().keys(), vocabulary.flags().positive());
		this.negativeFlag = flag(vocabulary.flags().keys(), vocabulary.flags().negative());
	}

	/** One clause, read once: the target genes it names, its triggers, and where it names other things. */
	/**
	 * @param mainText the clause without pseudo-triggers and parentheticals: what it says in its own words
	 *     ("Result: Not detected (no other alterations)" is about this result, not about others)
	 */
	private record Clause(String text, String mainText, List<Mention> named, List<Found> found, List<int[]> others,
			boolean anyTrigger) {}

	/**
	 * @param isValue the text is the result's value: when no clause of it states anything, a clause that
	 *     names a fusion and nothing else ("CD74-NRG1 fusion", "ETV6::NTRK3") is the finding itself —
	 *     not one that reads like a test's name ("NRG1 fusion analysis") or says something more
	 *     ("NRG1 fusion: nil", "Tentative CD74-NRG1 fusion")
	 */
	Reading read(String rawText, boolean isValue) {
		if (rawText == null || rawText.isBlank()) {
			return Reading.EMPTY;
		}
		// a patient's results are read again at every write and every CDS call: their words rarely change
		return readings.get(new Text(rawText, isValue), text -> readNow(text.text(), text.isValue()));
	}

	private record Text(String text, boolean isValue) {}

	private Reading readNow(String rawText, boolean isValue) {
		List<Clause> clauses = clauses(FusionTextParser.normalize(rawText)).stream()
				.filter(c -> !skipClause.matcher(c).find())
				.map(this::clause)
				.toList();
		boolean statesAnything = clauses.stream().anyMatch(Clause::anyTrigger);
		Map<String, Mention> mentions = new LinkedHashMap<>();
		Map<String, Said> byTarget = new LinkedHashMap<>();
		Said geneLess = null;
		for (Clause clause : clauses) {
			clause.named().forEach(m -> mentions.merge(m.target().symbol(), m, Mention::moreSpecific));
			if (clause.found().isEmpty()) {
				if (isValue && !statesAnything && namesOnlyAFusion(clause)) {
					Said finding = new Said(Status.DETECTED, Qualifier.NONE, clause.text().trim());
					clause.named().forEach(m -> byTarget.merge(m.target().symbol(), finding, Said::lessCertain));
				}
				continue;
			}
			if (clause.named().isEmpty()) {
				// a clause naming other genes or biomarkers speaks of them (PD-L1, TMB); one naming other
				// findings ("other fusions", margins) states no result, but its doubts still count; one that
				// affirms must say nothing else ("Positive", not "Adequate tumor present")
				boolean otherGene = !genes.otherGenes(clause.mainText()).isEmpty() || otherBiomarker.matcher(clause.mainText()).find();
				boolean otherFinding = !otherSpans(clause.mainText()).isEmpty();
				for (Found f : clause.found()) {
					boolean doubt = f.trigger().status() == Status.INDETERMINATE || f.trigger().status() == Status.UNCERTAIN;
					boolean counts = doubt ? !otherGene
							: !otherFinding && (f.trigger().status() != Status.DETECTED || saysNothingElse(clause));
					if (counts) {
						geneLess = Said.lessCertain(geneLess, said(f));
					}
				}
				continue;
			}
			for (Mention mention : clause.named()) {
				Said about = null;
				for (int i = 0; i < clause.found().size(); i++) {
					if (reaches(clause.text(), clause.found(), i, mention, clause.named(), clause.others())) {
						about = Said.lessCertain(about, said(clause.found().get(i)));
					}
				}
				if (about != null) {
					byTarget.merge(mention.target().symbol(), about, Said::lessCertain);
				}
			}
		}
		return new Reading(Collections.unmodifiableMap(mentions), Collections.unmodifiableMap(byTarget), geneLess);
	}

	private Clause clause(String text) {
		boolean aboutTherapy = therapy.matcher(text).find() || !knowledge.drugsMentionedIn(text).isEmpty();
		StringBuilder withoutPseudo = new StringBuilder(text);
		List<Found> all = triggers(withoutPseudo);
		// what a clause about treatment says ("approved for NRG1 fusion-positive tumors", "not indicated")
		// is not a result; only its doubts count ("not confirmed; do not treat until confirmed")
		List<Found> found = all.stream()
				.filter(f -> !aboutTherapy || f.trigger().status() == Status.INDETERMINATE || f.trigger().status() == Status.UNCERTAIN)
				.toList();
		String cleaned = withoutPseudo.toString();
		return new Clause(text, PARENTHETICAL.matcher(cleaned).replaceAll(" "), genes.mentions(text), found, otherSpans(cleaned),
				!all.isEmpty() || aboutTherapy);
	}

	/**
	 * A value clause that names one fusion by its partners and nothing more ("CD74-NRG1 fusion",
	 * "SLC3A2::NRG1 (exon 6)"): a gene alone ("NRG1 fusion") may be a list of tested genes, and a mark
	 * ("?", "(-)", ": 0", a trailing colon) says something the reader does not know.
	 */
	private boolean namesOnlyAFusion(Clause clause) {
		if (clause.named().stream().noneMatch(Mention::namesPartner) || testName.matcher(clause.mainText()).find()) {
			return false;
		}
		StringBuilder rest = new StringBuilder(clause.text());
		clause.named().forEach(m -> blank(rest, m.start(), m.end()));
		String words = EXON.matcher(rest).replaceAll(" ");
		String left = FUSION_WORD.matcher(resultWords.matcher(words).replaceAll(" ")).replaceAll(" ");
		return left.replaceAll("[\\s,.()\\[\\]]+", "").isEmpty();
	}

	/** A clause with no gene whose only words besides its triggers are result words ("Fusion detected"). */
	private boolean saysNothingElse(Clause clause) {
		StringBuilder rest = new StringBuilder(clause.text());
		clause.found().forEach(f -> blank(rest, f.start(), f.end()));
		return residue(new StringBuilder(PARENTHETICAL.matcher(rest).replaceAll(" "))).isEmpty();
	}

	/** The words left once fusion and result words, numbers and punctuation are taken out. */
	private String residue(StringBuilder text) {
		String rest = FUSION_WORD.matcher(resultWords.matcher(text).replaceAll(" ")).replaceAll(" ");
		return rest.replaceAll("[^\\p{L}]+", " ").trim();
	}

	private static void blank(StringBuilder text, int start, int end) {
		for (int i = start; i < end; i++) {
			text.setCharAt(i, ' ');
		}
	}

	/** Where a clause speaks of something other than the target genes: other genes, variants, biomarkers, controls. */
	private List<int[]> otherSpans(String clause) {
		List<int[]> spans = new ArrayList<>(genes.otherGenes(clause));
		for (Pattern words : List.of(otherFinding, otherBiomarker)) {
			Matcher other = words.matcher(clause);
			while (other.find()) {
				spans.add(new int[] {other.start(), other.end()});
			}
		}
		return spans;
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

	/** Does the text (a test's name) say the result is not final yet ("PRELIMINARY", "draft")? */
	boolean marksNotFinal(String text) {
		return text != null && notFinal.matcher(FusionTextParser.normalize(text)).find();
	}

	/** Does the text state any status at all (a trigger or a flag), in any clause? */
	boolean statesAnything(String text) {
		return text != null && clauses(FusionTextParser.normalize(text)).stream().anyMatch(c -> !triggers(new StringBuilder(c)).isEmpty());
	}

	/** Triggers in the clause; pseudo-triggers are blanked out of {@code clause} (same length) as they are met. */
	private List<Found> triggers(StringBuilder clause) {
		List<Found> found = new ArrayList<>();
		for (Pattern flag : List.of(negativeFlag, positiveFlag)) {
			Matcher m = flag.matcher(clause);
			while (m.find()) {
				Status status = flag == negativeFlag ? Status.NOT_DETECTED : Status.DETECTED;
				found.add(new Found(new Trigger(status, Qualifier.NONE, Direction.BOTH, false), m.group(), m.start(), m.end()));
				blank(clause, m.start(), m.end());
			}
		}
		Matcher m = phrases.matcher(clause.toString());
		while (m.find()) {
			Trigger trigger = triggers.get(key(m.group()));
			if (trigger != null) {
				found.add(new Found(trigger, m.group(), m.start(), m.end()));
			} else {
				blank(clause, m.start(), m.end());
			}
		}
		found.sort(Comparator.comparingInt(Found::start));
		return found;
	}

	/**
	 * Does trigger i reach the mention? A trigger that follows a gene in its clause looks back
	 * ("NRG1: not detected", "EGFR wild-type") and reaches the nearest gene and the genes listed with
	 * it ("NRG1, NTRK1-3: not detected"), not a gene further back ("NRG1 fusions... in KRAS wild-type
	 * tumors"). Otherwise it looks forward, up to the next trigger of another status — a negation
	 * passes the first affirmation that closes it ("No fusion was detected in NRG1").
	 */
	private static boolean reaches(String clause, List<Found> found, int i, Mention mention, List<Mention> named, List<int[]> others) {
		Found trigger = found.get(i);
		List<int[]> before = new ArrayList<>();
		named.stream().filter(m -> m.end() <= trigger.start()).forEach(m -> before.add(new int[] {m.start(), m.end()}));
		others.stream().filter(o -> o[1] <= trigger.start()).forEach(before::add);
		Direction direction = trigger.trigger().direction();
		if (direction == Direction.BOTH) {
			direction = before.isEmpty() ? Direction.FORWARD : Direction.BACKWARD;
		}
		if (direction == Direction.BACKWARD) {
			before.sort(Comparator.comparingInt((int[] span) -> span[1]).reversed());
			int listStart = Integer.MAX_VALUE;
			for (int[] span : before) {
				if (listStart != Integer.MAX_VALUE && !LIST_SEPARATOR.matcher(clause.substring(Math.min(span[1], listStart), listStart)).matches()) {
					break;
				}
				listStart = Math.min(listStart, span[0]);
			}
			return mention.start() >= listStart && mention.end() <= trigger.start();
		}
		int end = Integer.MAX_VALUE;
		Found closing = null;
		for (int j = i + 1; j < found.size() && end == Integer.MAX_VALUE; j++) {
			Found next = found.get(j);
			if (next.trigger().status() == trigger.trigger().status()) {
				continue;
			}
			if (trigger.trigger().status() != Status.DETECTED && next.trigger().closesNegation() && closing == null) {
				closing = next;
			} else {
				end = next.start();
			}
		}
		if (mention.start() < trigger.end() || mention.end() > end) {
			return false;
		}
		if (closing == null || mention.end() <= closing.start()) {
			return true;
		}
		// past the negated verb only when it named nothing before it: "No fusion was detected in NRG1",
		// not "No NTRK fusion detected, CD74-NRG1 fusion detected"
		int verb = closing.start();
		return named.stream().noneMatch(m -> m.start() >= trigger.end() && m.end() <= verb)
				&& others.stream().noneMatch(o -> o[0] >= trigger.end() && o[1] <= verb);
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

	/** A flattened flag: key, separator (: = |), value ("DETECTED|N", "positive=true"). */
	private static Pattern flag(List<String> keys, List<String> values) {
		return Pattern.compile("(?<![A-Za-z0-9])(?:" + keys.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")\\s*[:=|]\\s*(?:"
				+ values.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")(?![A-Za-z0-9])", Pattern.CASE_INSENSITIVE);
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
