package dev.fusioncds.fusion;

import dev.fusioncds.fusion.FusionFinding.Breakpoint;
import dev.fusioncds.fusion.FusionFinding.DomainStatement;
import dev.fusioncds.fusion.FusionFinding.Frame;
import dev.fusioncds.knowledge.GeneEntry;
import dev.fusioncds.knowledge.KnowledgeBase;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the fusion target genes a text names, as labs write them: {@code CD74-NRG1}, {@code ETV6::NTRK3},
 * {@code SLC3A2–NRG1 (exon 6)}, {@code NRG1 rearrangement}, {@code NTRK1/2/3}, {@code NTRK1-3}, pan-TRK.
 * Only the grammar of gene names lives here; what the text says about them is {@link StatusText}'s job,
 * and gene names and aliases come from the knowledge base.
 */
public final class FusionTextParser {

	/** One target gene named in a text, at [start, end), with its partners when a pair names it. */
	public record Mention(Gene target, Gene fivePrime, Gene threePrime, List<Breakpoint> breakpoints, int start, int end) {

		boolean namesPartner() {
			return fivePrime != null && threePrime != null;
		}

		/** Of two mentions of one gene, the one that names its partner. */
		static Mention moreSpecific(Mention a, Mention b) {
			return a.namesPartner() ? a : b;
		}
	}

	private static final Pattern PAIR =
			Pattern.compile("(?<![A-Za-z0-9])([A-Z][A-Z0-9]{1,9})\\s*(?:::|-|/|\\u2013|\\u2014|\\u2212)\\s*([A-Z][A-Z0-9]{1,9})(?![A-Za-z0-9])");
	private static final Pattern NTRK_GROUP = Pattern.compile(
			"(?<![A-Za-z0-9])NTRK\\s*([123](?:\\s*(?:,\\s*(?:and|or)|/|,|and|or|&|-)\\s*(?:NTRK)?\\s*[123])*)(?![0-9])",
			Pattern.CASE_INSENSITIVE);
	private static final Pattern NTRK_DIGITS = Pattern.compile("([123])(?:\\s*-\\s*(?:NTRK)?\\s*([123]))?", Pattern.CASE_INSENSITIVE);
	private static final Pattern PAN_TRK = Pattern.compile("(?<![A-Za-z0-9])(pan-?\\s?TRK|NTRK(?![0-9]))", Pattern.CASE_INSENSITIVE);
	private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]{1,9})(?![A-Za-z0-9])");
	/** A gene-like symbol (TP53, CDKN2A); three digits in a row are a number (DV200), not a gene. */
	private static final Pattern GENE_LIKE = Pattern.compile("[A-Z]{2,}(?!.*[0-9]{3})[0-9][A-Z0-9]*");
	private static final Pattern PROTEIN_CHANGE = Pattern.compile(
			"(?<![A-Za-z0-9.])(?:p\\.\\(?)?(?:[A-Z][a-z]{2}|[A-Z])\\d{1,4}(?:[A-Z][a-z]{2}|[A-Z]|\\*|fs|del|ins|dup)?(?![A-Za-z0-9])");
	private static final Pattern GENE_EXON = Pattern.compile("([A-Z][A-Z0-9]{1,9})\\s*(?:\\(|,)?\\s*(exon|intron)\\s*(\\d{1,3})(?!\\d)", Pattern.CASE_INSENSITIVE);
	private static final Pattern LONE_EXON = Pattern.compile("\\(?\\s*(exon|intron)\\s*(\\d{1,3})(?!\\d)\\s*\\)?", Pattern.CASE_INSENSITIVE);
	private static final Pattern OUT_OF_FRAME = Pattern.compile("out[-\\s]of[-\\s]frame|frameshift|frame[-\\s]?shift", Pattern.CASE_INSENSITIVE);
	private static final Pattern IN_FRAME = Pattern.compile("(?<!out[-\\s]of[-\\s])in[-\\s]?frame", Pattern.CASE_INSENSITIVE);
	private static final Pattern DOMAIN_LOST = Pattern.compile(
			"(lack\\w*|lost|loses|loss of|not retain\\w*|not preserv\\w*|without|disrupt\\w*|does not (?:include|contain|retain))[^.;]{0,40}(EGF|kinase)"
					+ "|(EGF[-\\s]like|kinase)\\s+domain[^.;]{0,25}(not retained|not preserved|lost|absent|disrupted|not included)",
			Pattern.CASE_INSENSITIVE);
	private static final Pattern DOMAIN_RETAINED = Pattern.compile(
			"(retain\\w*|preserv\\w*|intact|includ\\w*|contain\\w*)[^.;]{0,40}(EGF|kinase)"
					+ "|(EGF[-\\s]like|kinase)\\s+domain[^.;]{0,25}(retained|preserved|intact|included)",
			Pattern.CASE_INSENSITIVE);

	private static final String DRIVER = "driver";
	private static final String PARTNER = "partner";
	/** A list's separator: comma, slash, ampersand, plus, line break, "and", "or". */
	private static final String LIST_JOIN = "\\s*(?:[,/&+|]|\\n|\\band\\b|\\bor\\b)\\s*";
	private static final Pattern NEXT_ITEM = Pattern.compile(LIST_JOIN + "([A-Za-z][A-Za-z0-9]{1,9})(?![A-Za-z0-9])");
	private static final Pattern PREVIOUS_ITEM = Pattern.compile("(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]{1,9})" + LIST_JOIN + "$");
	/** "Fusion", "rearrangement", "translocation", "break-apart", right after a gene. */
	private static final Pattern REARRANGED = Pattern.compile("\\s*(?:gene\\s+)?(?:fusion|rearrang|translocat|break-?\\s?apart)",
			Pattern.CASE_INSENSITIVE);
	/** Two symbols joined by a hyphen, a dash or "::". */
	private static final Pattern FUSION_JOINED =
			Pattern.compile("(?<![A-Za-z0-9])([A-Z][A-Z0-9]{1,9})\\s*(?:::|-|\\u2013|\\u2014)\\s*([A-Z][A-Z0-9]{1,9})(?![A-Za-z0-9])");
	/** An unknown gene's symbol without a digit: three letters at least ("PD-L1" is a protein, not a fusion). */
	private static final Pattern UNKNOWN_SYMBOL = Pattern.compile("[A-Z][A-Z0-9]{2,9}");

	private final KnowledgeBase knowledge;
	/** In text written all in capitals these are words, not genes ("CRITERIA NOT MET"). */
	private final Set<String> capitalWords;
	/** Words in capitals that assay names use beside genes ("RNA", "RT-PCR", "FFPE"). */
	private final Set<String> assayWords;

	public FusionTextParser(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
		this.capitalWords = Set.copyOf(knowledge.resultVocabulary().capitalWords().phrases());
		this.assayWords = Set.copyOf(knowledge.resultVocabulary().assayWords().phrases());
	}

	/**
	 * Text as labs type it, folded: compatibility forms (full-width letters, non-breaking spaces,
	 * ligatures) to their plain form, and en dash, em dash and minus to a hyphen.
	 */
	static String normalize(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFKC).replace('\u2013', '-').replace('\u2014', '-').replace('\u2212', '-');
	}

	static Frame frame(String text) {
		return OUT_OF_FRAME.matcher(text).find() ? Frame.OUT_OF_FRAME : IN_FRAME.matcher(text).find() ? Frame.IN_FRAME : Frame.UNKNOWN;
	}

	static DomainStatement domain(String text) {
		return DOMAIN_LOST.matcher(text).find()
				? DomainStatement.LOST
				: DOMAIN_RETAINED.matcher(text).find() ? DomainStatement.RETAINED : DomainStatement.NOT_STATED;
	}

	/** Every target gene the (normalized) text names, in text order; a gene named twice is listed twice. */
	public List<Mention> mentions(String text) {
		List<Mention> found = new ArrayList<>();
		StringBuilder rest = new StringBuilder(text);
		readPairs(text, rest, found);
		readNtrkGroups(rest, found);
		readSingleTargets(rest.toString(), found);
		found.sort(Comparator.comparingInt(Mention::start));
		return found;
	}

	/**
	 * What a text names beside its mentions of fusion targets, read in one pass (one parse of its mentions).
	 *
	 * @param anotherGene a gene that is neither a target nor a partner, or a variant, outside the mentions
	 * @param partnerAlone a fusion partner outside a named fusion ("ETV6 rearrangement": ETV6 has partners
	 *     besides NTRK3); the partner of a named fusion ("CD74-NRG1", "AGBL4::NTRK2") is part of that mention
	 * @param anotherFusion another gene's fusion ({@link FusionTextParser#anotherFusion})
	 * @param listedWithOthers the targets named as an item of a list beside another gene ({@link FusionTextParser#listedBeside})
	 */
	record Beside(boolean anotherGene, boolean partnerAlone, boolean anotherFusion, Set<String> listedWithOthers) {

		boolean anotherGeneOrAPartner() {
			return anotherGene || partnerAlone;
		}
	}

	/** @param name a test's or report's name (see {@link #otherGenes(String, boolean)}) */
	Beside beside(String text, boolean name) {
		String normalized = normalize(text);
		List<Mention> mentions = mentions(normalized);
		StringBuilder rest = new StringBuilder(normalized);
		mentions.forEach(mention -> blank(rest, mention.start(), mention.end()));
		String outside = rest.toString();
		return new Beside(!otherGenes(outside, name).isEmpty() || joinsUnknownGenes(outside), partnerAlone(outside),
				anotherFusion(outside), listedWithOtherGenes(normalized, mentions));
	}

	/**
	 * Whether the text, its target mentions blanked, reports another gene's fusion: two genes that are
	 * not targets joined ("EML4-ALK", "KIF5B::RET", "MYB-NFIB"), or such a gene — a partner alone
	 * included — named as rearranged ("ALK rearrangement", "ETV6 fusion"). Other genes named for other
	 * reasons ("No EGFR or KRAS alterations", "PD-L1 TPS 80 %", "partner genes interrogated: CD74, SDC4") are not.
	 */
	private boolean anotherFusion(String outside) {
		if (joinsUnknownGenes(outside)) {
			return true;
		}
		boolean capitals = outside.chars().noneMatch(Character::isLowerCase);
		Matcher pair = PAIR.matcher(outside);
		while (pair.find()) {
			if (nonTargetGene(pair.group(1)) && nonTargetGene(pair.group(2))) {
				return true;
			}
		}
		Matcher token = TOKEN.matcher(outside);
		while (token.find()) {
			// an unknown symbol only in mixed-case text: in capitals every word looks like one ("QC FUSION")
			boolean gene = nonTargetGene(token.group(1)) || !capitals && unknownSymbol(token.group(1));
			if (gene && REARRANGED.matcher(outside).region(token.end(), outside.length()).lookingAt()) {
				return true;
			}
		}
		return false;
	}

	/** A symbol in capitals of a gene that is not a target: known (a driver, a partner) or gene-like (FGFR2). */
	private boolean nonTargetGene(String word) {
		if (!word.equals(word.toUpperCase(Locale.ROOT))) {
			return false;
		}
		Optional<GeneEntry> gene = knowledge.resolveGeneSymbol(word);
		return gene.isPresent() ? !gene.get().isFusionTarget() : GENE_LIKE.matcher(word).matches() && !assayWords.contains(word);
	}

	/**
	 * Two words in capitals joined as a fusion is written ("MYB-NFIB", "PML::RARA"; a slash joins
	 * abbreviations, "CAP/CLIA"), neither a known gene nor a word assay names use: genes the knowledge
	 * base does not know, which a symbol without a digit hides from {@code GENE_LIKE}. In text written
	 * all in capitals, where words look like symbols ("POSITIVE - FUSION DETECTED"), only when a fusion
	 * word follows ("MYB-NFIB FUSION").
	 */
	private boolean joinsUnknownGenes(String text) {
		boolean capitals = text.chars().noneMatch(Character::isLowerCase);
		Matcher pair = FUSION_JOINED.matcher(text);
		while (pair.find()) {
			if (unknownSymbol(pair.group(1)) && unknownSymbol(pair.group(2))
					&& (!capitals || REARRANGED.matcher(text).region(pair.end(), text.length()).lookingAt())) {
				return true;
			}
		}
		return false;
	}

	private boolean unknownSymbol(String word) {
		return UNKNOWN_SYMBOL.matcher(word).matches() && knowledge.resolveGeneSymbol(word).isEmpty() && !assayWords.contains(word);
	}

	private boolean partnerAlone(String outside) {
		Matcher token = TOKEN.matcher(outside);
		while (token.find()) {
			String word = token.group(1);
			if (word.equals(word.toUpperCase(Locale.ROOT))
					&& knowledge.resolveGeneSymbol(word).filter(gene -> PARTNER.equals(gene.role())).isPresent()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The targets the (normalized) text names without their partner ("NRG1", not "CD74::NRG1") as an item
	 * of a list whose next or previous item is another gene — neither a target nor a partner ("between
	 * TPM3 and NTRK1" names the fusion), or a target of another family: "Fusion detected (panel: NRG1, ALK,
	 * ROS1)", "Genes analyzed: ALK / NRG1", "NRG1 / NTRK1-3 fusion: Detected" do not say which gene's fusion was found.
	 */
	private Set<String> listedWithOtherGenes(String normalized, List<Mention> mentions) {
		Set<String> listed = new HashSet<>();
		for (Mention mention : mentions) {
			if (mention.namesPartner()) {
				continue;
			}
			if (listedBeside(normalized, mention, true) || listedBeside(normalized, mention, false)) {
				listed.add(mention.target().symbol());
			}
		}
		return listed;
	}

	/** The next (or previous) items of the mention's list, partners passed over, reach another gene. */
	private boolean listedBeside(String text, Mention mention, boolean next) {
		int from = next ? mention.end() : mention.start();
		while (true) {
			Matcher item = next ? NEXT_ITEM.matcher(text).region(from, text.length()) : PREVIOUS_ITEM.matcher(text.substring(0, from));
			if (!(next ? item.lookingAt() : item.find())) {
				return false;
			}
			Optional<GeneEntry> gene = knowledge.resolveGeneSymbol(item.group(1));
			if (gene.isPresent() && PARTNER.equals(gene.get().role())) {
				from = next ? item.end() : item.start();
				continue;
			}
			if (gene.isPresent()) {
				return !gene.get().isFusionTarget() || !family(gene.get().symbol()).equals(family(mention.target().symbol()));
			}
			return GENE_LIKE.matcher(item.group(1)).matches() && !assayWords.contains(item.group(1));
		}
	}

	/** A target's gene family, its HGNC symbol's stem: NTRK1, NTRK2 and NTRK3 are one (the same drugs act on each), NRG1 another. */
	static String family(String symbol) {
		return symbol.replaceFirst("[0-9]+$", "");
	}

	/** Where the text names a gene other than the fusion targets (EGFR, CD74, TP53...) or a variant (G12C, p.L2307F): [start, end) spans. */
	List<int[]> otherGenes(String text) {
		return otherGenes(text, false);
	}

	/**
	 * @param name a test's or report's name: a word in capitals is a gene there even where result text in
	 *     capitals uses it as a word ("RET/NTRK FUSION PANEL", not "CRITERIA MET"), and "V2" or "A1" is a
	 *     version or a block, not a variant
	 */
	private List<int[]> otherGenes(String text, boolean name) {
		List<int[]> spans = new ArrayList<>();
		boolean capitals = !name && text.chars().noneMatch(Character::isLowerCase);
		Matcher variant = PROTEIN_CHANGE.matcher(text);
		while (!name && variant.find()) {
			spans.add(new int[] {variant.start(), variant.end()});
		}
		Matcher token = TOKEN.matcher(text);
		while (token.find()) {
			String word = token.group(1);
			if (!word.equals(word.toUpperCase(Locale.ROOT))) {
				continue;
			}
			if (capitals && capitalWords.contains(word)) {
				continue;
			}
			Optional<GeneEntry> gene = knowledge.resolveGeneSymbol(word);
			// a fusion partner (CD74, ETV6) is part of the finding, not another gene
			if (gene.isPresent() ? !gene.get().isFusionTarget() && !PARTNER.equals(gene.get().role()) : GENE_LIKE.matcher(word).matches()) {
				spans.add(new int[] {token.start(), token.end()});
			}
		}
		return spans;
	}

	/**
	 * Named pairs (5' then 3'), blanked out of {@code rest}. Two targets joined ("NRG1/NTRK1") are a list, not a
	 * pair; one gene twice ("NRG1::NRG1") is kept so that the contradiction can be refused.
	 */
	private void readPairs(String text, StringBuilder rest, List<Mention> out) {
		Matcher pair = PAIR.matcher(text);
		while (pair.find()) {
			Optional<GeneEntry> five = knowledge.resolveGeneSymbol(pair.group(1));
			Optional<GeneEntry> three = knowledge.resolveGeneSymbol(pair.group(2));
			boolean fiveTarget = five.filter(GeneEntry::isFusionTarget).isPresent();
			boolean threeTarget = three.filter(GeneEntry::isFusionTarget).isPresent();
			boolean selfFusion = fiveTarget && threeTarget && five.get().equals(three.get());
			// a target joined to another driver ("ROS1/NRG1 fusion") lists two tested genes: no such fusion is known
			boolean driverJoined = five.filter(g -> DRIVER.equals(g.role())).isPresent() || three.filter(g -> DRIVER.equals(g.role())).isPresent();
			if (fiveTarget == threeTarget && !selfFusion || driverJoined || !namesGene(five, pair.group(1)) || !namesGene(three, pair.group(2))) {
				continue;
			}
			GeneEntry target = threeTarget ? three.get() : five.get();
			Gene fivePrime = gene(five, pair.group(1));
			Gene threePrime = gene(three, pair.group(2));
			out.add(new Mention(toGene(target), fivePrime, threePrime, breakpoints(text, fivePrime, threePrime), pair.start(), pair.end()));
			blank(rest, pair.start(), pair.end());
		}
	}

	/** A partner is a known gene or looks like one ("EML4"): "NTRK3 - POSITIVE" names no partner. */
	private static boolean namesGene(Optional<GeneEntry> known, String written) {
		return known.isPresent() || GENE_LIKE.matcher(written).matches();
	}

	private void readNtrkGroups(StringBuilder rest, List<Mention> out) {
		Matcher group = NTRK_GROUP.matcher(rest);
		List<int[]> spans = new ArrayList<>();
		while (group.find()) {
			Matcher digits = NTRK_DIGITS.matcher(group.group(1));
			while (digits.find()) {
				int from = Integer.parseInt(digits.group(1));
				int to = digits.group(2) == null ? from : Integer.parseInt(digits.group(2));
				for (int n = from; n <= Math.max(from, to); n++) {
					addTarget("NTRK" + n, group.start(), group.end(), out);
				}
			}
			spans.add(new int[] {group.start(), group.end()});
		}
		spans.forEach(s -> blank(rest, s[0], s[1]));
		Matcher pan = PAN_TRK.matcher(rest);
		while (pan.find()) {
			for (String symbol : List.of("NTRK1", "NTRK2", "NTRK3")) {
				addTarget(symbol, pan.start(), pan.end(), out);
			}
		}
	}

	private void readSingleTargets(String text, List<Mention> out) {
		Matcher token = TOKEN.matcher(text);
		while (token.find()) {
			String word = token.group(1);
			knowledge.resolveGeneSymbol(word)
					.filter(GeneEntry::isFusionTarget)
					.filter(g -> word.equals(word.toUpperCase(Locale.ROOT)) || g.aliases().contains(word))
					.ifPresent(g -> addTarget(g.symbol(), token.start(), token.end(), out));
		}
	}

	private void addTarget(String symbol, int start, int end, List<Mention> out) {
		knowledge.gene(symbol).ifPresent(g -> out.add(new Mention(toGene(g), null, null, List.of(), start, end)));
	}

	private static void blank(StringBuilder text, int start, int end) {
		for (int i = start; i < end; i++) {
			text.setCharAt(i, ' ');
		}
	}

	private static List<Breakpoint> breakpoints(String text, Gene fivePrime, Gene threePrime) {
		List<Breakpoint> found = new ArrayList<>();
		Matcher geneExon = GENE_EXON.matcher(text);
		while (geneExon.find()) {
			String symbol = geneExon.group(1).toUpperCase(Locale.ROOT);
			if (symbol.equals(fivePrime.symbol()) || symbol.equals(threePrime.symbol())) {
				found.add(breakpoint(symbol, geneExon.group(2), geneExon.group(3), geneExon.group()));
			}
		}
		if (found.isEmpty()) {
			Matcher lone = LONE_EXON.matcher(text);
			if (lone.find()) {
				// "SLC3A2-NRG1 (exon 6)": the lab did not say which partner; keep it as reported
				found.add(breakpoint(null, lone.group(1), lone.group(2), lone.group().trim()));
			}
		}
		return List.copyOf(found);
	}

	private static Breakpoint breakpoint(String gene, String kind, String number, String text) {
		int n = Integer.parseInt(number);
		boolean exon = kind.equalsIgnoreCase("exon");
		return new Breakpoint(gene, exon ? n : null, exon ? null : n, null, text);
	}

	private static Gene gene(Optional<GeneEntry> known, String written) {
		return known.map(FusionTextParser::toGene).orElse(new Gene(written, null));
	}

	static Gene toGene(GeneEntry entry) {
		return new Gene(entry.symbol(), entry.hgnc());
	}
}
