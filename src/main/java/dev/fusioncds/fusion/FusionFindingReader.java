package dev.fusioncds.fusion;

import dev.fusioncds.fusion.FusionFinding.Frame;
import dev.fusioncds.fusion.FusionFinding.Qualifier;
import dev.fusioncds.fusion.FusionFinding.Reading;
import dev.fusioncds.fusion.FusionFinding.Status;
import dev.fusioncds.fusion.FusionTextParser.Mention;
import dev.fusioncds.fusion.PartnerComponents.Partners;
import dev.fusioncds.fusion.StatusText.Said;
import dev.fusioncds.knowledge.GeneEntry;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.ResultVocabulary.CodedStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;

/**
 * Every accepted fusion encoding → FusionFinding: GRIG variant Observations (gene-studied
 * components, Present/Absent), molecular-consequence codes, older text/HGVS-like descriptions, lab
 * free text, 5'/3' partner components, pan-TRK IHC and FISH. The DiagnosticReport carrying a result
 * lends it its test name, specimen, status and conclusion.
 *
 * <p>The genes come from everything the result names, the test's name included; the status comes
 * only from what the result says, in this order: the coded value, Observation.interpretation, the
 * data-absent reason, a clinical-significance component, the value's text, the components' and
 * notes' text, the report's conclusionCode and conclusion. A result reads DETECTED only when some
 * source says so and none says otherwise; when none says anything it is not DETECTED.
 */
public final class FusionFindingReader {

	static final String LOINC = "http://loinc.org";
	static final String GENE_STUDIED = "48018-6";
	static final String ABSENT = "LA9634-2";
	static final List<String> FUSION_SO_CODES = List.of("SO:0001886", "SO:0001565");
	private static final String PARTNER = "partner";
	private static final Set<ObservationStatus> FINAL_RESULT = EnumSet.of(ObservationStatus.FINAL, ObservationStatus.AMENDED,
			ObservationStatus.CORRECTED);
	private static final Set<DiagnosticReportStatus> FINAL_REPORT = EnumSet.of(DiagnosticReportStatus.FINAL,
			DiagnosticReportStatus.AMENDED, DiagnosticReportStatus.CORRECTED, DiagnosticReportStatus.APPENDED);
	private static final Pattern FUSION_WORDS = Pattern.compile(
			"fusion|rearrang|::|break-?\\s?apart|pan-?\\s?trk|translocation|split signal|structural variant|\\bFISH\\b|\\bISH\\b",
			Pattern.CASE_INSENSITIVE);
	private static final Pattern YES_NO = Pattern.compile("\\s*(?:y|yes|n|no|true|false|0|1)\\s*", Pattern.CASE_INSENSITIVE);

	private final KnowledgeBase knowledge;
	private final FusionTextParser parser;
	private final StatusText statusText;
	private final GeneCodings genes;
	private final PartnerComponents partnerComponents;

	public FusionFindingReader(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
		this.parser = new FusionTextParser(knowledge);
		this.statusText = new StatusText(knowledge, parser);
		this.genes = new GeneCodings(knowledge);
		this.partnerComponents = new PartnerComponents(knowledge, genes);
	}

	/** A status and where it was read. */
	private record Stated(Said said, String source) {}

	/**
	 * What each part of a result says, read once.
	 *
	 * @param ownWordsBeside what the result's value, notes, interpretation and components name beside
	 *     their mentions of targets: another gene's fusion ("EML4-ALK", "ALK rearrangement"), any other gene
	 *     (a result naming no target then takes no gene from its report), targets listed beside another gene
	 * @param testNameBeside the same for the result's name (read as a name: "RET/NTRK FUSION PANEL")
	 * @param reportCoversOthers the report's name or conclusion names a gene that is not a target (a
	 *     partner within a named fusion aside) or another gene's fusion, or targets of several families
	 */
	private record ResultTexts(String valueText, StatusText.Reading value, StatusText.Reading interpretation, StatusText.Reading components,
			List<StatusText.Reading> notes, StatusText.Reading conclusionCode, StatusText.Reading conclusion, Map<String, Mention> codeName,
			Map<String, Mention> reportName, FusionTextParser.Beside ownWordsBeside, FusionTextParser.Beside testNameBeside,
			boolean reportCoversOthers) {

		/** The result's name names a gene that is neither a target nor a partner, or targets of several families. */
		boolean testNameCoversOthers() {
			return testNameBeside.anotherGene() || families(codeName.keySet()) > 1;
		}

		List<StatusText.Reading> ownTexts() {
			List<StatusText.Reading> own = new ArrayList<>(List.of(value, components));
			own.addAll(notes);
			return own;
		}
	}

	/** @param report the DiagnosticReport whose result this is, or null */
	public List<FusionFinding> read(Observation observation, DiagnosticReport report, List<String> trace) {
		if (observation.getStatus() == ObservationStatus.ENTEREDINERROR || observation.getStatus() == ObservationStatus.CANCELLED) {
			return List.of();
		}
		String reference = observation.getIdElement().toUnqualifiedVersionless().getValue();
		List<GeneEntry> genesStudied = genesStudied(observation);
		Partners partners = partnerComponents.read(observation);
		ResultTexts texts = texts(observation, report);
		if (!fusionContext(observation, report, texts, partners)) {
			return List.of();
		}
		Targets targets = targets(genesStudied, otherGenesStudied(observation), partners, texts);
		if (targets.byGene().isEmpty()) {
			trace.add(reference + ": fusion result names no known target gene (" + abbreviate(texts.valueText()) + ")");
			return List.of();
		}
		// a name that says "PRELIMINARY" tells finality, not the status
		boolean finalResult = FINAL_RESULT.contains(observation.getStatus())
				&& (report == null || FINAL_REPORT.contains(report.getStatus()))
				&& !statusText.marksNotFinal(FhirText.of(observation.getCode()));
		Method method = method(observation, report);
		String reportRef = report == null ? null : report.getIdElement().toUnqualifiedVersionless().getValue();
		String ownText = FhirText.join(ownTextParts(observation));
		String featureText = FusionTextParser.normalize(ownText.isBlank() && report != null && report.hasConclusion() ? report.getConclusion() : ownText);
		List<FusionFinding> findings = new ArrayList<>();
		for (Mention mention : targets.byGene().values()) {
			String symbol = mention.target().symbol();
			Reading reading = reading(symbol, observation, report, texts, finalResult);
			boolean positiveOrSilent = reading.status() == Status.DETECTED || reading.qualifier() == Qualifier.NOT_STATED;
			// "NTRK1/2/3 fusion: Present; note: ETV6::NTRK3" is positive for NTRK3, not for NTRK1, and
			// "ALK/ROS1/NRG1 fusion panel: Detected" may be ALK's; a negative or doubt stays with every
			// gene the test is named for
			if (positiveOrSilent && onlyInTheTestName(symbol, texts)) {
				continue;
			}
			if (positiveOrSilent && targets.amongOthers().contains(symbol)) {
				trace.add(reference + ": " + (reading.status() == Status.DETECTED ? "a positive" : "a result stating nothing")
						+ " that does not say which gene; " + symbol + " is one of several named, so it is not read as " + symbol + "'s");
				continue;
			}
			Gene five = partners.fivePrime() != null ? partners.fivePrime() : mention.fivePrime();
			Gene three = partners.threePrime() != null ? partners.threePrime() : mention.threePrime();
			if (five == null && three == null) {
				Gene other = genesStudied.stream().filter(g -> !g.isFusionTarget()).map(FusionTextParser::toGene).findFirst().orElse(null);
				if (other != null) {
					five = other;
					three = mention.target();
				}
			}
			Frame frame = partners.frame() != Frame.UNKNOWN ? partners.frame() : FusionTextParser.frame(featureText);
			List<FusionFinding.Breakpoint> breakpoints = partners.breakpoints().isEmpty() ? mention.breakpoints() : partners.breakpoints();
			findings.add(new FusionFinding(five, three, mention.target(), reading, breakpoints, frame, method.method, method.source,
					specimen(observation, report), date(observation, report), issued(observation, report),
					FusionTextParser.domain(featureText), reference, reportRef));
		}
		return findings;
	}

	/** A report whose name or conclusion speaks of a fusion or names a target gene. */
	public boolean isFusionReport(DiagnosticReport report) {
		String words = FhirText.of(report.getCode()) + ". " + (report.getConclusion() == null ? "" : report.getConclusion());
		return FUSION_WORDS.matcher(words).find() || !parser.mentions(FusionTextParser.normalize(words)).isEmpty();
	}

	/**
	 * What makes a fusion result contradict itself — one gene named as both partners, or a coded
	 * value that the result's own text flatly denies (Present with "not detected"). Such a result is
	 * refused rather than guessed at.
	 */
	public List<String> contradictions(Observation observation) {
		if (observation.getStatus() == ObservationStatus.ENTEREDINERROR) {
			return List.of();
		}
		List<String> problems = new ArrayList<>();
		Partners partners = partnerComponents.read(observation);
		if (partners.fivePrime() != null && partners.threePrime() != null
				&& partners.fivePrime().symbol().equals(partners.threePrime().symbol())) {
			problems.add("gene " + partners.fivePrime().symbol() + " is given as both the 5' and the 3' fusion partner");
		}
		Status coded = coded(observation.getValue() instanceof CodeableConcept c ? List.of(c) : List.of(), "value-code")
				.map(s -> s.said().status()).orElse(null);
		ResultTexts texts = texts(observation, null);
		for (StatusText.Reading text : texts.ownTexts()) {
			for (Mention m : text.mentions().values()) {
				if (m.namesPartner() && m.fivePrime().symbol().equals(m.threePrime().symbol())) {
					problems.add("gene " + m.fivePrime().symbol() + " is given as both fusion partners");
				}
			}
			for (Map.Entry<String, Said> said : text.byTarget().entrySet()) {
				Status stated = said.getValue().status();
				if ((coded == Status.DETECTED && stated == Status.NOT_DETECTED) || (coded == Status.NOT_DETECTED && stated == Status.DETECTED)) {
					problems.add("the value says " + coded + " but the text says " + stated + " for " + said.getKey());
				}
			}
		}
		return problems.stream().distinct().toList();
	}

	private ResultTexts texts(Observation observation, DiagnosticReport report) {
		String valueText = observation.hasValue() ? FhirText.of(observation.getValue()) : "";
		List<String> componentTexts = new ArrayList<>();
		for (ObservationComponentComponent component : observation.getComponent()) {
			if (!FhirText.hasCode(component.getCode(), LOINC, GENE_STUDIED) && !PartnerComponents.isPartnerGene(component)) {
				componentTexts.add(FhirText.of(component.getValue()));
			}
		}
		List<StatusText.Reading> notes = observation.getNote().stream().map(n -> statusText.read(n.getText(), false)).toList();
		StatusText.Reading conclusion = report == null ? StatusText.Reading.EMPTY : statusText.read(report.getConclusion(), false);
		StatusText.Reading conclusionCode = report == null ? StatusText.Reading.EMPTY
				: statusText.read(FhirText.join(report.getConclusionCode().stream().map(FhirText::of).toList()), false);
		Map<String, Mention> reportName = report == null ? Map.of() : namedIn(FhirText.of(report.getCode()));
		String interpretationText = FhirText.join(observation.getInterpretation().stream().map(FhirText::of).toList());
		String ownWords = FhirText.join(List.of(valueText, FhirText.join(componentTexts), interpretationText,
				FhirText.join(observation.getComponent().stream().filter(c -> !FhirText.hasCode(c.getCode(), LOINC, GENE_STUDIED))
						.map(c -> FhirText.of(c.getCode())).toList()),
				FhirText.join(observation.getNote().stream().map(n -> Objects.toString(n.getText(), "")).toList())));
		String testName = FhirText.of(observation.getCode());
		Map<String, Mention> codeName = namedIn(testName);
		boolean reportCoversOthers = false;
		if (report != null) {
			FusionTextParser.Beside concluded = parser.beside(Objects.toString(report.getConclusion(), ""), false);
			reportCoversOthers = parser.beside(FhirText.of(report.getCode()), true).anotherGeneOrAPartner()
					|| concluded.anotherGeneOrAPartner() || concluded.anotherFusion()
					|| families(Stream.concat(reportName.keySet().stream(), conclusion.mentions().keySet().stream()).toList()) > 1;
		}
		return new ResultTexts(valueText, statusText.read(valueText, true), statusText.read(interpretationText, false),
				statusText.read(FhirText.join(componentTexts), false), notes, conclusionCode, conclusion, codeName, reportName,
				parser.beside(ownWords, false), parser.beside(testName, true), reportCoversOthers);
	}

	/** A gene the test's name covers that the result's own words do not name, while they name another. */
	private static boolean onlyInTheTestName(String symbol, ResultTexts texts) {
		boolean namedByText = texts.ownTexts().stream().anyMatch(t -> t.mentions().containsKey(symbol));
		boolean textNamesTargets = texts.ownTexts().stream().anyMatch(t -> !t.mentions().isEmpty());
		return !namedByText && textNamesTargets && texts.codeName().containsKey(symbol);
	}

	/** The report's conclusion names this gene in a statement that its fusion was found ("CD74::NRG1 fusion detected"). */
	private static boolean concludedFound(String symbol, ResultTexts texts) {
		Said named = texts.conclusion().byTarget().get(symbol);
		Said overall = texts.conclusion().about(symbol);
		return named != null && named.status() == Status.DETECTED && overall != null && overall.status() == Status.DETECTED;
	}

	/**
	 * The tested genes and which of them a positive cannot be attributed to.
	 *
	 * @param byGene by symbol: the genes the result names itself (its words, gene-studied and partner
	 *     components), and those its test's name covers (unless gene-studied or partner components say
	 *     which gene); else, when the result names no other gene either, those its report names
	 * @param amongOthers the genes named only along with other genes or gene families — by a test's name
	 *     or report covering several ("ALK/ROS1/NRG1 fusion panel", "NRG1 and NTRK1/2/3"), by gene-studied
	 *     components listing several, as a list item beside another gene, or without their partner while
	 *     the result reports another gene's fusion — and not named as found by the report's conclusion: a
	 *     positive ("Detected") may be another gene's, while a negative or a failure is one for every gene
	 *     the name covers
	 */
	private record Targets(Map<String, Mention> byGene, Set<String> amongOthers) {}

	/** @param otherGenesStudied gene-studied components naming a gene that is not a target, known or not */
	private static Targets targets(List<GeneEntry> genesStudied, int otherGenesStudied, Partners partners, ResultTexts texts) {
		Map<String, Mention> targets = new LinkedHashMap<>();
		Set<String> amongOthers = new HashSet<>();
		for (StatusText.Reading text : texts.ownTexts()) {
			text.mentions().forEach((symbol, m) -> targets.merge(symbol, m, Mention::moreSpecific));
		}
		targets.forEach((symbol, m) -> {
			if (!m.namesPartner() && texts.ownWordsBeside().listedWithOthers().contains(symbol)) {
				amongOthers.add(symbol);
			}
		});
		boolean otherThanPartnerStudied = genesStudied.stream().anyMatch(gene -> !gene.isFusionTarget() && !PARTNER.equals(gene.role()));
		// a fusion has two partners: more genes studied beside a target, or a driver among them, is a panel
		boolean studiedAmongOthers = families(genesStudied.stream().filter(GeneEntry::isFusionTarget).map(GeneEntry::symbol).toList()) > 1
				|| otherThanPartnerStudied || otherGenesStudied > 1;
		for (GeneEntry gene : genesStudied) {
			if (gene.isFusionTarget() && targets.putIfAbsent(gene.symbol(), bare(FusionTextParser.toGene(gene))) == null && studiedAmongOthers) {
				amongOthers.add(gene.symbol());
			}
		}
		for (Gene gene : new Gene[] {partners.threePrime(), partners.fivePrime()}) {
			if (gene != null && partners.target() != null && partners.target().equals(gene.symbol())) {
				targets.putIfAbsent(gene.symbol(), bare(gene));
			}
		}
		// another gene's result: its words report another fusion, or its structure names another gene
		boolean anotherGenesResult = texts.ownWordsBeside().anotherFusion()
				|| genesStudied.stream().noneMatch(GeneEntry::isFusionTarget) && otherGenesStudied > 0
				|| otherThanPartnerStudied
				|| partners.target() == null && (partners.fivePrime() != null || partners.threePrime() != null);
		boolean structured = genesStudied.stream().anyMatch(GeneEntry::isFusionTarget) || partners.target() != null;
		if (texts.ownWordsBeside().anotherFusion()) {
			// gene-studied NRG1 with variant text "EML4::ALK fusion", "NRG1 panel: Positive. Fusion identified:
			// EML4::ALK": not NRG1's positive; "CD74::NRG1" named with its partner still is
			targets.forEach((symbol, m) -> {
				if (!m.namesPartner()) {
					amongOthers.add(symbol);
				}
			});
		}
		if (!structured) {
			texts.codeName().forEach((symbol, m) -> {
				if (targets.putIfAbsent(symbol, m) == null && (texts.testNameCoversOthers() || anotherGenesResult)) {
					amongOthers.add(symbol);
				}
			});
		}
		// a result naming any gene, a partner alone included, never takes its gene from its report
		boolean namesAGene = anotherGenesResult || texts.ownWordsBeside().anotherGeneOrAPartner() || texts.testNameCoversOthers()
				|| texts.testNameBeside().anotherGeneOrAPartner() || otherGenesStudied > 0;
		if (targets.isEmpty() && !namesAGene) {
			Map<String, Mention> fromReport = new LinkedHashMap<>(texts.reportName());
			texts.conclusion().mentions().forEach(fromReport::putIfAbsent);
			targets.putAll(fromReport);
			if (texts.reportCoversOthers()) {
				amongOthers.addAll(fromReport.keySet());
			}
		}
		amongOthers.removeIf(symbol -> concludedFound(symbol, texts));
		return new Targets(targets, amongOthers);
	}

	/** How many gene families the targets belong to ({@link FusionTextParser#family}). */
	private static long families(Collection<String> symbols) {
		return symbols.stream().map(FusionTextParser::family).distinct().count();
	}

	private static Mention bare(Gene gene) {
		return new Mention(gene, null, null, List.of(), 0, 0);
	}

	/** The target genes a name (a test's, a report's) covers, by symbol. */
	private Map<String, Mention> namedIn(String name) {
		Map<String, Mention> map = new LinkedHashMap<>();
		parser.mentions(FusionTextParser.normalize(name)).forEach(m -> map.merge(m.target().symbol(), m, Mention::moreSpecific));
		return map;
	}

	private Reading reading(String target, Observation observation, DiagnosticReport report, ResultTexts texts, boolean finalResult) {
		List<Stated> stated = new ArrayList<>();
		if (observation.getValue() instanceof CodeableConcept value) {
			coded(List.of(value), "value-code").ifPresent(stated::add);
		}
		Optional<Stated> interpretation = coded(observation.getInterpretation(), "interpretation");
		interpretation.ifPresent(stated::add);
		if (interpretation.isEmpty()) {
			add(stated, texts.interpretation().about(target), "interpretation-text");
		}
		if (observation.hasDataAbsentReason()) {
			stated.add(coded(List.of(observation.getDataAbsentReason()), "data-absent-reason")
					.orElse(new Stated(new Said(Status.INDETERMINATE, Qualifier.FAILED, FhirText.of(observation.getDataAbsentReason())),
							"data-absent-reason")));
		}
		observation.getComponent().stream()
				.filter(c -> !FhirText.hasCode(c.getCode(), LOINC, GENE_STUDIED) && !PartnerComponents.isPartnerGene(c) && c.getValue() instanceof CodeableConcept)
				.forEach(c -> coded(List.of((CodeableConcept) c.getValue()), "component-code").ifPresent(stated::add));
		// a bare yes/no answers the test's name: under a name that itself states something ("No NRG1
		// fusion detected (Y/N)") the answer cannot be read
		boolean answersAQuestion = YES_NO.matcher(texts.valueText()).matches() && statusText.statesAnything(FhirText.of(observation.getCode()));
		if (!answersAQuestion) {
			add(stated, texts.value().about(target), "value-text");
		}
		add(stated, texts.components().about(target), "component-text");
		texts.notes().forEach(note -> add(stated, note.about(target), "note"));
		if (report != null) {
			Optional<Stated> conclusionCode = coded(report.getConclusionCode(), "report-conclusion-code");
			conclusionCode.ifPresent(stated::add);
			if (conclusionCode.isEmpty()) {
				add(stated, texts.conclusionCode().about(target), "report-conclusion-code-text");
			}
			Said concluded = texts.conclusion().about(target);
			// "Fusion detected." over a report of several results does not say whose; its doubts and negatives count for all
			boolean genelessPositive = concluded != null && concluded.status() == Status.DETECTED
					&& texts.conclusion().byTarget().get(target) == null && report.getResult().size() > 1;
			add(stated, genelessPositive ? null : concluded, "report-conclusion");
		}
		// the least certain statement governs: coded Absent with a note "QNS, result unreliable" is a failed test
		Stated governing = stated.stream().reduce(FusionFindingReader::lessCertain).orElse(null);
		String resultStatus = observation.getStatus() == null ? null : observation.getStatus().toCode();
		if (governing == null) {
			return new Reading(Status.INDETERMINATE, Qualifier.NOT_STATED, "none", "no status stated", resultStatus, finalResult);
		}
		return new Reading(governing.said().status(), governing.said().qualifier(), governing.source(), governing.said().evidence(),
				resultStatus, finalResult);
	}

	/** The less certain of two statements, the earlier source on a tie. */
	private static Stated lessCertain(Stated a, Stated b) {
		return Said.lessCertain(a.said(), b.said()) == b.said() ? b : a;
	}

	private static void add(List<Stated> stated, Said said, String source) {
		if (said != null) {
			stated.add(new Stated(said, source));
		}
	}

	/** The first coding, across the concepts, whose system and code result-status.json knows, read from {@code source}. */
	private Optional<Stated> coded(List<CodeableConcept> concepts, String source) {
		for (CodeableConcept concept : concepts) {
			for (Coding coding : concept.getCoding()) {
				if (coding.getSystem() == null || coding.getCode() == null) {
					continue;
				}
				Optional<CodedStatus> known = knowledge.codedStatus(coding.getSystem(), coding.getCode());
				if (known.isPresent()) {
					CodedStatus c = known.get();
					return Optional.of(new Stated(new Said(Status.valueOf(c.status()),
							c.qualifier() == null ? Qualifier.NONE : Qualifier.valueOf(c.qualifier()),
							c.display() + " (" + c.code() + ")"), source));
				}
			}
		}
		return Optional.empty();
	}

	private static String abbreviate(String text) {
		return text == null ? "" : text.length() > 80 ? text.substring(0, 80) + "..." : text;
	}

	/** A fusion result: fusion words or codes anywhere in it or its report's name, or partner components. */
	private static boolean fusionContext(Observation observation, DiagnosticReport report, ResultTexts texts, Partners partners) {
		String words = FhirText.join(List.of(FhirText.of(observation.getCode()), FhirText.join(ownTextParts(observation)),
				report == null ? "" : FhirText.of(report.getCode())));
		boolean fusionCode = FUSION_SO_CODES.stream().anyMatch(code -> observation.getComponent().stream()
						.anyMatch(c -> FhirText.hasCode(asConcept(c), null, code))
				|| FhirText.hasCode(asConcept(observation), null, code));
		return FUSION_WORDS.matcher(words).find() || fusionCode || partners.target() != null
				|| texts.ownTexts().stream().anyMatch(text -> text.mentions().values().stream().anyMatch(Mention::namesPartner));
	}

	private static CodeableConcept asConcept(ObservationComponentComponent component) {
		return component.getValue() instanceof CodeableConcept concept ? concept : null;
	}

	private static CodeableConcept asConcept(Observation observation) {
		return observation.getValue() instanceof CodeableConcept concept ? concept : null;
	}

	/** Gene-studied components naming a gene that is not a target: known or not, coded or written. */
	private int otherGenesStudied(Observation observation) {
		return (int) observation.getComponent().stream()
				.filter(c -> FhirText.hasCode(c.getCode(), LOINC, GENE_STUDIED) && c.hasValue())
				.filter(c -> !(c.getValue() instanceof CodeableConcept concept ? genes.resolve(concept)
						: knowledge.resolveGeneSymbol(FhirText.of(c.getValue()).trim())).filter(GeneEntry::isFusionTarget).isPresent())
				.count();
	}

	/** The result's own words: value, notes and component values (not the test's name). */
	private static List<String> ownTextParts(Observation observation) {
		List<String> parts = new ArrayList<>();
		parts.add(FhirText.of(observation.getValue()));
		observation.getNote().forEach(n -> parts.add(n.getText()));
		for (ObservationComponentComponent component : observation.getComponent()) {
			if (!FhirText.hasCode(component.getCode(), LOINC, GENE_STUDIED)) {
				parts.add(FhirText.of(component.getValue()));
			}
		}
		return parts;
	}

	private List<GeneEntry> genesStudied(Observation observation) {
		List<GeneEntry> studied = new ArrayList<>();
		for (ObservationComponentComponent component : observation.getComponent()) {
			if (FhirText.hasCode(component.getCode(), LOINC, GENE_STUDIED) && component.getValue() instanceof CodeableConcept value) {
				genes.resolve(value).ifPresent(studied::add);
			}
		}
		return studied;
	}

	private record Method(TestMethod method, String source) {}

	/**
	 * From Observation.method, else the result's own test name, else the result's own words, else the
	 * report's name and conclusion; where one of them names several methods the strongest counts. A
	 * test named "NRG1 break-apart FISH" stays FISH whatever its comment recommends, and a FISH result
	 * stays FISH inside a report named "DNA and RNA profiling".
	 */
	private Method method(Observation observation, DiagnosticReport report) {
		Optional<String> fromObservation = knowledge.methodNamedIn(FhirText.of(observation.getMethod()));
		if (fromObservation.isPresent()) {
			return new Method(TestMethod.valueOf(fromObservation.get()), "observation.method");
		}
		Optional<String> fromName = knowledge.methodNamedIn(FhirText.of(observation.getCode()));
		if (fromName.isPresent()) {
			return new Method(TestMethod.valueOf(fromName.get()), "test-name");
		}
		Optional<String> fromWords = knowledge.methodNamedIn(statusText.withoutRecommendations(
				FusionTextParser.normalize(FhirText.join(ownTextParts(observation)))));
		if (fromWords.isPresent()) {
			return new Method(TestMethod.valueOf(fromWords.get()), "result-text");
		}
		if (report != null) {
			Optional<String> fromReport = knowledge.methodNamedIn(FhirText.of(report.getCode()) + ". "
					+ statusText.withoutRecommendations(FusionTextParser.normalize(Objects.toString(report.getConclusion(), ""))));
			if (fromReport.isPresent()) {
				return new Method(TestMethod.valueOf(fromReport.get()), "report");
			}
		}
		return new Method(TestMethod.UNKNOWN, "none");
	}

	private static String specimen(Observation observation, DiagnosticReport report) {
		if (observation.hasSpecimen()) {
			return Optional.ofNullable(observation.getSpecimen().getDisplay()).orElse(observation.getSpecimen().getReference());
		}
		if (report != null && report.hasSpecimen()) {
			return Optional.ofNullable(report.getSpecimenFirstRep().getDisplay()).orElse(report.getSpecimenFirstRep().getReference());
		}
		return null;
	}

	private static LocalDate date(Observation observation, DiagnosticReport report) {
		if (observation.hasEffectiveDateTimeType() && observation.getEffectiveDateTimeType().getValue() != null) {
			return observation.getEffectiveDateTimeType().getValue().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		}
		if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().getStart() != null) {
			return observation.getEffectivePeriod().getStart().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		}
		if (observation.getIssued() != null) {
			return observation.getIssued().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		}
		if (report != null && report.hasEffectiveDateTimeType() && report.getEffectiveDateTimeType().getValue() != null) {
			return report.getEffectiveDateTimeType().getValue().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		}
		if (report != null && report.hasEffectivePeriod() && report.getEffectivePeriod().getStart() != null) {
			return report.getEffectivePeriod().getStart().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		}
		if (report != null && report.getIssued() != null) {
			return report.getIssued().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		}
		return null;
	}

	private static Instant issued(Observation observation, DiagnosticReport report) {
		if (observation.getIssued() != null) {
			return observation.getIssued().toInstant();
		}
		return report != null && report.getIssued() != null ? report.getIssued().toInstant() : null;
	}
}
