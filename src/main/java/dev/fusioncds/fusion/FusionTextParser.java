package dev.fusioncds.fusion;

import dev.fusioncds.fusion.FusionFinding.Breakpoint;
import dev.fusioncds.fusion.FusionFinding.DomainStatement;
import dev.fusioncds.fusion.FusionFinding.Frame;
import dev.fusioncds.fusion.FusionFinding.Status;
import dev.fusioncds.knowledge.GeneEntry;
import dev.fusioncds.knowledge.KnowledgeBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads fusion statements as labs write them: {@code CD74-NRG1 fusion detected}, {@code ETV6::NTRK3},
 * {@code SLC3A2–NRG1 (exon 6)}, {@code NRG1 rearrangement}, {@code No NTRK1/2/3 fusions detected}.
 * Only the grammar of reports lives here; gene names and aliases come from the knowledge base.
 */
public final class FusionTextParser {

	/** What one text says about one target gene. */
	public record TextFinding(
			Gene fivePrime, Gene threePrime, Gene target, Status status, List<Breakpoint> breakpoints, Frame frame,
			DomainStatement domainStatement) {}

	private static final Pattern CLAUSE = Pattern.compile("[.;\\n]+(?!\\d)");
	private static final Pattern PAIR =
			Pattern.compile("(?<![A-Za-z0-9])([A-Z][A-Z0-9]{1,9})\\s*(?:::|-|/|\\u2013|\\u2014|\\u2212)\\s*([A-Z][A-Z0-9]{1,9})(?![A-Za-z0-9])");
	private static final Pattern NTRK_GROUP = Pattern.compile("(?<![A-Za-z0-9])NTRK\\s*([123](?:\\s*(?:/|,|and|or|-)\\s*(?:NTRK)?[123])*)(?![0-9])", Pattern.CASE_INSENSITIVE);
	private static final Pattern NTRK_DIGIT = Pattern.compile("[123]");
	private static final Pattern PAN_TRK = Pattern.compile("(?<![A-Za-z0-9])(pan-?\\s?TRK|NTRK(?![0-9]))", Pattern.CASE_INSENSITIVE);
	private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]{1,9})(?![A-Za-z0-9])");
	private static final Pattern GENE_EXON = Pattern.compile("([A-Z][A-Z0-9]{1,9})\\s*(?:\\(|,)?\\s*(exon|intron)\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
	private static final Pattern LONE_EXON = Pattern.compile("\\(?\\s*(exon|intron)\\s*(\\d+)\\s*\\)?", Pattern.CASE_INSENSITIVE);
	private static final Pattern NEGATIVE = Pattern.compile(
			"(?<![A-Za-z])(no|negative|absent)(?![A-Za-z])|not\\s+(?:been\\s+)?(?:detected|identified|found|present)|none\\s+detected",
			Pattern.CASE_INSENSITIVE);
	private static final Pattern INDETERMINATE = Pattern.compile(
			"indeterminate|equivocal|inconclusive|insufficient|failed|quantity not sufficient|\\bQNS\\b", Pattern.CASE_INSENSITIVE);
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

	private final KnowledgeBase knowledge;

	public FusionTextParser(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
	}

	public List<TextFinding> parse(String rawText) {
		if (rawText == null || rawText.isBlank()) {
			return List.of();
		}
		String text = rawText.replace('\u2013', '-').replace('\u2014', '-').replace('\u2212', '-');
		Frame frame = OUT_OF_FRAME.matcher(text).find() ? Frame.OUT_OF_FRAME : IN_FRAME.matcher(text).find() ? Frame.IN_FRAME : Frame.UNKNOWN;
		DomainStatement domain = DOMAIN_LOST.matcher(text).find()
				? DomainStatement.LOST
				: DOMAIN_RETAINED.matcher(text).find() ? DomainStatement.RETAINED : DomainStatement.NOT_STATED;
		Map<String, TextFinding> byTarget = new LinkedHashMap<>();
		// status is decided per clause: "NRG1 fusion detected. No NTRK fusion detected." says two things
		for (String clause : CLAUSE.split(text)) {
			Status status = status(clause);
			String rest = readPairs(clause, status, frame, domain, byTarget);
			readNtrkGroups(rest, status, frame, domain, byTarget);
			readSingleTargets(rest, status, frame, domain, byTarget);
		}
		return List.copyOf(byTarget.values());
	}

	private static Status status(String text) {
		if (INDETERMINATE.matcher(text).find()) {
			return Status.INDETERMINATE;
		}
		if (NEGATIVE.matcher(text).find()) {
			return Status.NOT_DETECTED;
		}
		return Status.DETECTED;
	}

	/** Named pairs (5' then 3'); returns the text with the pairs blanked out. */
	private String readPairs(String text, Status status, Frame frame, DomainStatement domain, Map<String, TextFinding> out) {
		StringBuilder rest = new StringBuilder(text);
		Matcher pair = PAIR.matcher(text);
		while (pair.find()) {
			Optional<GeneEntry> five = knowledge.resolveGeneSymbol(pair.group(1));
			Optional<GeneEntry> three = knowledge.resolveGeneSymbol(pair.group(2));
			GeneEntry target = three.filter(GeneEntry::isFusionTarget).orElse(five.filter(GeneEntry::isFusionTarget).orElse(null));
			if (target == null || (pair.group(2).matches("[0-9]+"))) {
				continue;
			}
			Gene fivePrime = gene(five, pair.group(1));
			Gene threePrime = gene(three, pair.group(2));
			List<Breakpoint> breakpoints = breakpoints(text, fivePrime, threePrime);
			out.putIfAbsent(target.symbol(), new TextFinding(
					fivePrime, threePrime, toGene(target), status, breakpoints, frame, domain));
			for (int i = pair.start(); i < pair.end(); i++) {
				rest.setCharAt(i, ' ');
			}
		}
		return rest.toString();
	}

	private void readNtrkGroups(String text, Status status, Frame frame, DomainStatement domain, Map<String, TextFinding> out) {
		Matcher group = NTRK_GROUP.matcher(text);
		boolean any = false;
		while (group.find()) {
			any = true;
			Matcher digits = NTRK_DIGIT.matcher(group.group(1));
			while (digits.find()) {
				addTarget("NTRK" + digits.group(), status, frame, domain, out);
			}
		}
		if (!any && PAN_TRK.matcher(text).find()) {
			List.of("NTRK1", "NTRK2", "NTRK3").forEach(symbol -> addTarget(symbol, status, frame, domain, out));
		}
	}

	private void readSingleTargets(String text, Status status, Frame frame, DomainStatement domain, Map<String, TextFinding> out) {
		Matcher token = TOKEN.matcher(text);
		while (token.find()) {
			knowledge.resolveGeneSymbol(token.group(1))
					.filter(GeneEntry::isFusionTarget)
					.filter(g -> token.group(1).equals(token.group(1).toUpperCase(Locale.ROOT)) || g.aliases().contains(token.group(1)))
					.ifPresent(g -> addTarget(g.symbol(), status, frame, domain, out));
		}
	}

	private void addTarget(String symbol, Status status, Frame frame, DomainStatement domain, Map<String, TextFinding> out) {
		knowledge.gene(symbol).ifPresent(g -> out.putIfAbsent(
				symbol, new TextFinding(null, null, toGene(g), status, List.of(), frame, domain)));
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
