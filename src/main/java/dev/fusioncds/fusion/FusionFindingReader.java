package dev.fusioncds.fusion;

import dev.fusioncds.fusion.FusionFinding.DomainStatement;
import dev.fusioncds.fusion.FusionFinding.Frame;
import dev.fusioncds.fusion.FusionFinding.Status;
import dev.fusioncds.fusion.FusionTextParser.TextFinding;
import dev.fusioncds.knowledge.GeneEntry;
import dev.fusioncds.knowledge.KnowledgeBase;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;

/**
 * Every accepted fusion encoding → FusionFinding: GRIG variant Observations (gene-studied
 * components, Present/Absent), molecular-consequence codes, older text/HGVS-like descriptions, lab
 * free text, 5'/3' partner components, pan-TRK IHC and FISH. The DiagnosticReport carrying a result
 * lends it its test name, specimen and conclusion.
 */
public final class FusionFindingReader {

	static final String LOINC = "http://loinc.org";
	static final String GENE_STUDIED = "48018-6";
	static final String PRESENT = "LA9633-4";
	static final String ABSENT = "LA9634-2";
	static final List<String> FUSION_SO_CODES = List.of("SO:0001886", "SO:0001565");

	private final KnowledgeBase knowledge;
	private final FusionTextParser parser;

	public FusionFindingReader(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
		this.parser = new FusionTextParser(knowledge);
	}

	/** @param report the DiagnosticReport whose result this is, or null */
	public List<FusionFinding> read(Observation observation, DiagnosticReport report, List<String> trace) {
		if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
				|| observation.getStatus() == Observation.ObservationStatus.CANCELLED) {
			return List.of();
		}
		String reference = observation.getIdElement().toUnqualifiedVersionless().getValue();
		List<GeneEntry> genesStudied = genesStudied(observation);
		Partners partners = partners(observation);
		String ownText = FhirText.join(textParts(observation));
		boolean fusionContext = isFusionObservation(observation, ownText);
		if (!fusionContext && genesStudied.stream().noneMatch(GeneEntry::isFusionTarget)) {
			return List.of();
		}
		String text = ownText.isBlank() && report != null ? report.getConclusion() : ownText;
		Map<String, TextFinding> byTarget = new LinkedHashMap<>();
		parser.parse(text).forEach(f -> byTarget.put(f.target().symbol(), f));
		Status coded = codedStatus(observation);
		if (byTarget.isEmpty()) {
			for (GeneEntry gene : genesStudied) {
				if (gene.isFusionTarget()) {
					byTarget.put(gene.symbol(), new TextFinding(null, null, FusionTextParser.toGene(gene),
							coded == null ? Status.DETECTED : coded, List.of(), Frame.UNKNOWN, DomainStatement.NOT_STATED));
				}
			}
		}
		if (byTarget.isEmpty()) {
			trace.add(reference + ": fusion result names no known target gene (" + abbreviate(text) + ")");
			return List.of();
		}
		Method method = method(observation, report);
		String reportRef = report == null ? null : report.getIdElement().toUnqualifiedVersionless().getValue();
		List<FusionFinding> findings = new ArrayList<>();
		for (TextFinding f : byTarget.values()) {
			Gene five = partners.fivePrime != null ? partners.fivePrime : f.fivePrime();
			Gene three = partners.threePrime != null ? partners.threePrime : f.threePrime();
			if (five == null && three == null) {
				Gene other = genesStudied.stream().filter(g -> !g.isFusionTarget()).map(FusionTextParser::toGene).findFirst().orElse(null);
				if (other != null) {
					five = other;
					three = f.target();
				}
			}
			Status status = coded != null ? coded : f.status();
			Frame frame = partners.frame != Frame.UNKNOWN ? partners.frame : f.frame();
			List<FusionFinding.Breakpoint> breakpoints = partners.breakpoints.isEmpty() ? f.breakpoints() : partners.breakpoints;
			findings.add(new FusionFinding(five, three, f.target(), status, breakpoints, frame, method.method, method.source,
					specimen(observation, report), date(observation, report), f.domainStatement(), reference, reportRef));
		}
		return findings;
	}

	/**
	 * What makes a fusion result contradict itself — one gene named as both partners, or a coded
	 * Present/Absent that the result's own text denies. Such a result is refused rather than guessed at.
	 */
	public List<String> contradictions(Observation observation) {
		if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
			return List.of();
		}
		List<String> problems = new ArrayList<>();
		Partners partners = partners(observation);
		if (partners.fivePrime != null && partners.threePrime != null
				&& partners.fivePrime.symbol().equals(partners.threePrime.symbol())) {
			problems.add("gene " + partners.fivePrime.symbol() + " is given as both the 5' and the 3' fusion partner");
		}
		Status coded = codedStatus(observation);
		for (TextFinding f : parser.parse(FhirText.join(textParts(observation)))) {
			if (f.fivePrime() != null && f.threePrime() != null && f.fivePrime().symbol().equals(f.threePrime().symbol())) {
				problems.add("gene " + f.fivePrime().symbol() + " is given as both fusion partners");
			}
			if (coded != null && f.status() != Status.INDETERMINATE && f.status() != coded) {
				problems.add("the value says " + coded + " but the text says " + f.status() + " for " + f.target().symbol());
			}
		}
		return problems;
	}

	private static String abbreviate(String text) {
		return text == null ? "" : text.length() > 80 ? text.substring(0, 80) + "..." : text;
	}

	private boolean isFusionObservation(Observation observation, String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		boolean fusionWords = lower.contains("fusion") || lower.contains("rearrang") || lower.contains("::")
				|| lower.contains("break-apart") || lower.contains("break apart") || lower.contains("pan-trk")
				|| lower.contains("translocation");
		boolean fusionCode = FUSION_SO_CODES.stream().anyMatch(code -> observation.getComponent().stream()
						.anyMatch(c -> FhirText.hasCode(asConcept(c), null, code))
				|| FhirText.hasCode(asConcept(observation), null, code));
		return fusionWords || fusionCode;
	}

	private static CodeableConcept asConcept(ObservationComponentComponent component) {
		return component.getValue() instanceof CodeableConcept concept ? concept : null;
	}

	private static CodeableConcept asConcept(Observation observation) {
		return observation.getValue() instanceof CodeableConcept concept ? concept : null;
	}

	private static List<String> textParts(Observation observation) {
		List<String> parts = new ArrayList<>();
		parts.add(observation.getCode().getText());
		if (!(observation.getValue() instanceof CodeableConcept concept && isPresentAbsent(concept))) {
			parts.add(FhirText.of(observation.getValue()));
		}
		observation.getInterpretation().forEach(i -> parts.add(FhirText.of(i)));
		observation.getNote().forEach(n -> parts.add(n.getText()));
		for (ObservationComponentComponent component : observation.getComponent()) {
			if (!FhirText.hasCode(component.getCode(), LOINC, GENE_STUDIED)) {
				CodeableConcept value = asConcept(component);
				if (value == null || !isPresentAbsent(value)) {
					parts.add(FhirText.of(component.getValue()));
				}
			}
		}
		return parts;
	}

	private static boolean isPresentAbsent(CodeableConcept concept) {
		return FhirText.hasCode(concept, LOINC, PRESENT) || FhirText.hasCode(concept, LOINC, ABSENT);
	}

	private static Status codedStatus(Observation observation) {
		if (observation.getValue() instanceof CodeableConcept value) {
			if (FhirText.hasCode(value, LOINC, PRESENT)) {
				return Status.DETECTED;
			}
			if (FhirText.hasCode(value, LOINC, ABSENT)) {
				return Status.NOT_DETECTED;
			}
		}
		return null;
	}

	private List<GeneEntry> genesStudied(Observation observation) {
		List<GeneEntry> genes = new ArrayList<>();
		for (ObservationComponentComponent component : observation.getComponent()) {
			if (FhirText.hasCode(component.getCode(), LOINC, GENE_STUDIED) && component.getValue() instanceof CodeableConcept value) {
				resolve(value).ifPresent(genes::add);
			}
		}
		return genes;
	}

	/** HGNC coding (either system URL labs use) by id, else by symbol in display or text. */
	Optional<GeneEntry> resolve(CodeableConcept value) {
		for (Coding coding : value.getCoding()) {
			if (coding.getSystem() != null && coding.getSystem().startsWith("http://www.genenames.org")) {
				Optional<GeneEntry> byId = knowledge.geneByHgncId(coding.getCode());
				if (byId.isPresent()) {
					return byId;
				}
				if (coding.getDisplay() != null) {
					return knowledge.resolveGeneSymbol(coding.getDisplay().trim());
				}
			}
		}
		return value.getText() == null ? Optional.empty() : knowledge.resolveGeneSymbol(value.getText().trim());
	}

	private record Partners(Gene fivePrime, Gene threePrime, Frame frame, List<FusionFinding.Breakpoint> breakpoints) {}

	/** MII-style partner components: code text naming 5'/3' partner, exon, reading frame. */
	private Partners partners(Observation observation) {
		Gene five = null;
		Gene three = null;
		Frame frame = Frame.UNKNOWN;
		List<FusionFinding.Breakpoint> breakpoints = new ArrayList<>();
		for (ObservationComponentComponent component : observation.getComponent()) {
			String label = (FhirText.of(component.getCode()) + " "
					+ component.getCode().getCoding().stream().map(Coding::getCode).reduce("", (a, b) -> a + " " + b)).toLowerCase(Locale.ROOT);
			boolean fivePrime = label.matches(".*(5'|5 prime|5-prime|five[- ]prime|5p\\b).*");
			boolean threePrime = label.matches(".*(3'|3 prime|3-prime|three[- ]prime|3p\\b).*");
			if (label.contains("frame")) {
				String value = FhirText.of(component.getValue()).toLowerCase(Locale.ROOT);
				frame = value.contains("out") ? Frame.OUT_OF_FRAME : value.contains("in") || "true".equals(value) ? Frame.IN_FRAME : frame;
			} else if (label.contains("exon") && (fivePrime || threePrime)) {
				String value = FhirText.of(component.getValue()).replaceAll("\\D", "");
				if (component.getValue() instanceof org.hl7.fhir.r4.model.Quantity quantity) {
					value = String.valueOf(quantity.getValue().intValue());
				}
				if (!value.isEmpty()) {
					breakpoints.add(new FusionFinding.Breakpoint(fivePrime ? "5'" : "3'", Integer.parseInt(value), null, null, label.trim()));
				}
			} else if ((fivePrime || threePrime) && label.contains("gene") && component.getValue() instanceof CodeableConcept value) {
				Gene gene = resolve(value).map(FusionTextParser::toGene)
						.orElse(value.getCodingFirstRep().getDisplay() == null ? null : new Gene(value.getCodingFirstRep().getDisplay(), null));
				if (fivePrime) {
					five = gene;
				} else {
					three = gene;
				}
			}
		}
		List<FusionFinding.Breakpoint> named = new ArrayList<>();
		for (FusionFinding.Breakpoint b : breakpoints) {
			Gene owner = "5'".equals(b.gene()) ? five : three;
			named.add(new FusionFinding.Breakpoint(owner == null ? null : owner.symbol(), b.exon(), null, null, b.text()));
		}
		return new Partners(five, three, frame, named);
	}

	private record Method(TestMethod method, String source) {}

	private Method method(Observation observation, DiagnosticReport report) {
		Optional<String> fromObservation = knowledge.methodNamedIn(FhirText.of(observation.getMethod()));
		if (fromObservation.isPresent()) {
			return new Method(TestMethod.valueOf(fromObservation.get()), "observation.method");
		}
		if (report != null) {
			Optional<String> fromReport = knowledge.methodNamedIn(FhirText.of(report.getCode()) + ". " + report.getConclusion());
			if (fromReport.isPresent()) {
				return new Method(TestMethod.valueOf(fromReport.get()), "report");
			}
		}
		Optional<String> fromName = knowledge.methodNamedIn(FhirText.of(observation.getCode()) + ". " + FhirText.join(textParts(observation)));
		return fromName.map(m -> new Method(TestMethod.valueOf(m), "test-name")).orElse(new Method(TestMethod.UNKNOWN, "none"));
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
		if (observation.hasEffectiveDateTimeType()) {
			return observation.getEffectiveDateTimeType().getValue().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		}
		if (observation.hasIssued()) {
			return observation.getIssued().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		}
		if (report != null && report.hasEffectiveDateTimeType()) {
			return report.getEffectiveDateTimeType().getValue().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		}
		return null;
	}
}
