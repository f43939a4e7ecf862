package dev.fusioncds.fusion;

import dev.fusioncds.fusion.FusionFinding.Frame;
import dev.fusioncds.knowledge.GeneEntry;
import dev.fusioncds.knowledge.KnowledgeBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Quantity;

/** MII-style partner components: component codes (or their text) naming the 5'/3' partner gene, its exon, the reading frame. */
final class PartnerComponents {

	/** @param target the fusion target among the partners, if one is */
	record Partners(Gene fivePrime, Gene threePrime, String target, Frame frame, List<FusionFinding.Breakpoint> breakpoints) {}

	private static final Pattern FIVE_PRIME = Pattern.compile(".*(5'|5 prime|5-prime|five[- ]prime|5p\\b).*");
	private static final Pattern THREE_PRIME = Pattern.compile(".*(3'|3 prime|3-prime|three[- ]prime|3p\\b).*");

	private final KnowledgeBase knowledge;
	private final GeneCodings genes;

	PartnerComponents(KnowledgeBase knowledge, GeneCodings genes) {
		this.knowledge = knowledge;
		this.genes = genes;
	}

	/** A component naming a partner gene: part of the finding, not a statement about it. */
	static boolean isPartnerGene(ObservationComponentComponent component) {
		String label = label(component);
		return (FIVE_PRIME.matcher(label).matches() || THREE_PRIME.matcher(label).matches()) && label.contains("gene");
	}

	Partners read(Observation observation) {
		Gene five = null;
		Gene three = null;
		Frame frame = Frame.UNKNOWN;
		List<FusionFinding.Breakpoint> breakpoints = new ArrayList<>();
		for (ObservationComponentComponent component : observation.getComponent()) {
			String label = label(component);
			boolean fivePrime = FIVE_PRIME.matcher(label).matches();
			boolean threePrime = THREE_PRIME.matcher(label).matches();
			if (label.contains("frame")) {
				String value = FhirText.of(component.getValue()).toLowerCase(Locale.ROOT);
				frame = value.contains("out") ? Frame.OUT_OF_FRAME : value.contains("in") || "true".equals(value) ? Frame.IN_FRAME : frame;
			} else if (label.contains("exon") && (fivePrime || threePrime)) {
				exon(component).ifPresent(exon -> breakpoints.add(new FusionFinding.Breakpoint(fivePrime ? "5'" : "3'", exon, null, null, label.trim())));
			} else if ((fivePrime || threePrime) && label.contains("gene") && component.getValue() instanceof CodeableConcept value) {
				Gene gene = genes.resolve(value).map(FusionTextParser::toGene).orElse(displayedGene(value));
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
		String target = null;
		for (Gene gene : new Gene[] {three, five}) {
			if (target == null && gene != null && knowledge.gene(gene.symbol()).filter(GeneEntry::isFusionTarget).isPresent()) {
				target = gene.symbol();
			}
		}
		return new Partners(five, three, target, frame, named);
	}

	private static String label(ObservationComponentComponent component) {
		StringBuilder label = new StringBuilder(FhirText.of(component.getCode()));
		component.getCode().getCoding().stream().map(Coding::getCode).filter(c -> c != null).forEach(c -> label.append(' ').append(c));
		return label.toString().toLowerCase(Locale.ROOT);
	}

	private static Gene displayedGene(CodeableConcept value) {
		String display = value.getCodingFirstRep().getDisplay();
		String written = display != null && !display.isBlank() ? display : value.getText();
		return written == null || written.isBlank() ? null : new Gene(written.trim(), null);
	}

	private static Optional<Integer> exon(ObservationComponentComponent component) {
		if (component.getValue() instanceof Quantity quantity) {
			return quantity.getValue() == null ? Optional.empty() : Optional.of(quantity.getValue().intValue());
		}
		String digits = FhirText.of(component.getValue()).replaceAll("\\D", "");
		return digits.isEmpty() || digits.length() > 4 ? Optional.empty() : Optional.of(Integer.parseInt(digits));
	}
}
