package dev.fusioncds.fusion;

import dev.fusioncds.knowledge.Drug;
import dev.fusioncds.knowledge.GeneEntry;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.TumorType;
import dev.fusioncds.rules.ClinicalContext;
import dev.fusioncds.rules.ClinicalContext.DriverResult;
import dev.fusioncds.rules.ClinicalContext.MutationFinding;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/** Reads what the rules need from the patient's other resources: tumor, drugs, other drivers, age. */
public final class ClinicalContextReader {

	private static final Pattern WILD_TYPE = Pattern.compile("wild[-\\s]?type|\\bnegative\\b|not detected|no .*(mutation|alteration|variant)", Pattern.CASE_INSENSITIVE);
	private static final Pattern GENE_TOKEN = Pattern.compile("(?<![A-Za-z0-9])([A-Z][A-Z0-9]{1,9})(?![A-Za-z0-9])");
	private static final Pattern AMPLIFICATION = Pattern.compile("amplif", Pattern.CASE_INSENSITIVE);
	private static final Pattern PROTEIN_CHANGE = Pattern.compile("(?:p\\.)?\\(?([A-Z][a-z]{2}|[A-Z])(\\d{2,4})([A-Z][a-z]{2}|[A-Z])\\)?");
	private static final Map<String, String> AMINO_ACIDS = Map.ofEntries(
			Map.entry("Ala", "A"), Map.entry("Arg", "R"), Map.entry("Asn", "N"), Map.entry("Asp", "D"), Map.entry("Cys", "C"),
			Map.entry("Gln", "Q"), Map.entry("Glu", "E"), Map.entry("Gly", "G"), Map.entry("His", "H"), Map.entry("Ile", "I"),
			Map.entry("Leu", "L"), Map.entry("Lys", "K"), Map.entry("Met", "M"), Map.entry("Phe", "F"), Map.entry("Pro", "P"),
			Map.entry("Ser", "S"), Map.entry("Thr", "T"), Map.entry("Trp", "W"), Map.entry("Tyr", "Y"), Map.entry("Val", "V"));

	private final KnowledgeBase knowledge;
	private final GeneCodings genes;
	/** A negation and the few words it governs ("no evidence of distant metastasis"). */
	private final Pattern negated;

	public ClinicalContextReader(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
		this.genes = new GeneCodings(knowledge);
		this.negated = Pattern.compile("(?<![A-Za-z])(?:" + String.join("|", knowledge.diseaseExtent().negations().stream().map(Pattern::quote).toList())
				+ ")(?:[\\s,]+[A-Za-z0-9-]+){1,3}", Pattern.CASE_INSENSITIVE);
	}

	/** @param asOf the date ages are computed at */
	public ClinicalContext read(List<Resource> resources, LocalDate asOf) {
		Set<String> tumorTypes = new TreeSet<>();
		boolean solid = false;
		boolean recorded = false;
		List<String> extentTexts = new ArrayList<>();
		boolean msiHigh = false;
		Set<String> current = new TreeSet<>();
		Set<String> past = new TreeSet<>();
		List<DriverResult> drivers = new ArrayList<>();
		List<MutationFinding> mutations = new ArrayList<>();
		Integer ageMonths = null;
		List<String> cancerConditions = new ArrayList<>();
		for (Resource resource : resources) {
			if (resource instanceof Condition condition && counts(condition)) {
				List<TumorType> types = tumorTypes(condition);
				String text = FhirText.of(condition.getCode());
				types.forEach(t -> tumorTypes.add(t.id()));
				boolean malignantText = knowledge.describesSolidTumor(text);
				solid |= !types.isEmpty() || malignantText;
				if ((!types.isEmpty() || malignantText) && condition.getIdElement().hasIdPart()) {
					cancerConditions.add(condition.getIdElement().toUnqualifiedVersionless().getValue());
				}
				recorded |= !types.isEmpty() || malignantText || text.toLowerCase(Locale.ROOT).matches(".*(leuk|lymphoma|myeloma).*");
				extentTexts.add(text);
				msiHigh |= msiHigh(text);
				condition.getStage().forEach(stage -> extentTexts.add(FhirText.of(stage.getSummary())));
			} else if (resource instanceof MedicationStatement statement) {
				medication(statement.getMedication() instanceof CodeableConcept c ? c : null, statement.getStatus() == null ? null : statement.getStatus().toCode(),
						Set.of("active", "intended"), current, past);
			} else if (resource instanceof MedicationRequest request) {
				medication(request.getMedication() instanceof CodeableConcept c ? c : null, request.getStatus() == null ? null : request.getStatus().toCode(),
						Set.of("active", "on-hold"), current, past);
			} else if (resource instanceof MedicationAdministration administration) {
				medication(administration.getMedication() instanceof CodeableConcept c ? c : null,
						administration.getStatus() == null ? null : administration.getStatus().toCode(), Set.of("in-progress"), current, past);
			} else if (resource instanceof Observation observation && isStageGroup(observation)) {
				extentTexts.add(stageText(observation));
			} else if (resource instanceof Observation observation) {
				driversAndMutations(observation, drivers, mutations);
				msiHigh |= observation.getStatus() != Observation.ObservationStatus.ENTEREDINERROR
						&& msiHigh(FhirText.of(observation.getCode()) + ". " + FhirText.of(observation.getValue()));
			} else if (resource instanceof Patient patient && patient.getBirthDate() != null) {
				LocalDate birth = patient.getBirthDateElement().getValue().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
				ageMonths = (int) ChronoUnit.MONTHS.between(birth, asOf);
			}
		}
		return new ClinicalContext(Set.copyOf(tumorTypes), solid, recorded, extent(extentTexts), msiHigh, !past.isEmpty(), Set.copyOf(current),
				Set.copyOf(past), List.copyOf(drivers), List.copyOf(mutations), ageMonths,
				List.copyOf(cancerConditions));
	}

	/** A solid tumor by type or by diagnosis text, unless entered in error or refuted. */
	public boolean recordsCancer(Condition condition) {
		return counts(condition) && (!tumorTypes(condition).isEmpty() || knowledge.describesSolidTumor(FhirText.of(condition.getCode())));
	}

	/** A TNM stage group (mCODE style): a known stage-group code, or a test name that says "stage". */
	private boolean isStageGroup(Observation observation) {
		boolean known = knowledge.diseaseExtent().stageGroupCodes().stream()
				.anyMatch(c -> FhirText.hasCode(observation.getCode(), c.system(), c.code()));
		return known || FhirText.of(observation.getCode()).toLowerCase(Locale.ROOT).contains("stage");
	}

	/** "Stage " + the stage group as coded or written, so that a bare "IVA" reads as a stage. */
	private static String stageText(Observation observation) {
		if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		if (observation.getValue() instanceof CodeableConcept value) {
			text.append("stage ").append(FhirText.of(value));
			value.getCoding().stream().map(Coding::getCode).filter(c -> c != null).forEach(c -> text.append(". stage ").append(c));
		} else {
			text.append("stage ").append(FhirText.of(observation.getValue()));
		}
		return text.toString();
	}

	/**
	 * Any sign of advanced disease wins (a recurrence after resection is advanced); else a sign of
	 * early or resected disease; else unknown. A phrase right after a negation ("no metastases")
	 * does not count.
	 */
	private ClinicalContext.Extent extent(List<String> texts) {
		String text = negated.matcher(String.join(". ", texts)).replaceAll(" ");
		List<String> advanced = knowledge.advancedDiseaseNamedIn(text);
		if (!advanced.isEmpty()) {
			return new ClinicalContext.Extent(ClinicalContext.Extent.Kind.ADVANCED, advanced.get(0));
		}
		List<String> early = knowledge.earlyDiseaseNamedIn(text);
		return early.isEmpty() ? ClinicalContext.Extent.UNKNOWN : new ClinicalContext.Extent(ClinicalContext.Extent.Kind.EARLY, early.get(0));
	}

	/** "MSI-H", "dMMR", not after a negation ("no MSI-H"). */
	private boolean msiHigh(String text) {
		return knowledge.describesMsiHigh(negated.matcher(text).replaceAll(" "));
	}

	private static boolean counts(Condition condition) {
		return !FhirText.hasCode(condition.getVerificationStatus(), null, "entered-in-error")
				&& !FhirText.hasCode(condition.getVerificationStatus(), null, "refuted");
	}

	private List<TumorType> tumorTypes(Condition condition) {
		List<TumorType> types = new ArrayList<>();
		for (Coding coding : condition.getCode().getCoding()) {
			String system = coding.getSystem() == null ? "" : coding.getSystem().toLowerCase(Locale.ROOT);
			String kind = system.contains("snomed") ? "snomed" : system.contains("icd-10") ? "icd10" : system.contains("oncotree") ? "oncotree" : null;
			if (kind != null && coding.getCode() != null) {
				knowledge.tumorTypeByCode(kind, coding.getCode()).ifPresent(types::add);
			}
		}
		if (types.isEmpty()) {
			types.addAll(knowledge.tumorTypesMentionedIn(FhirText.of(condition.getCode())));
		}
		return types;
	}

	private void medication(CodeableConcept medication, String status, Set<String> currentStatuses, Set<String> current, Set<String> past) {
		if (medication == null || "entered-in-error".equals(status) || "cancelled".equals(status) || "not-taken".equals(status)) {
			return;
		}
		String text = FhirText.of(medication);
		for (Drug drug : knowledge.drugsMentionedIn(text)) {
			past.add(drug.id());
			if (currentStatuses.contains(status)) {
				current.add(drug.id());
			}
		}
	}

	private void driversAndMutations(Observation observation, List<DriverResult> drivers, List<MutationFinding> mutations) {
		if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
			return;
		}
		String text = FhirText.join(List.of(FhirText.of(observation.getCode()), FhirText.of(observation.getValue()),
				observation.getComponent().stream().map(c -> FhirText.of(c.getValue())).reduce("", (a, b) -> a + " " + b)));
		List<GeneEntry> studied = new ArrayList<>();
		observation.getComponent().stream()
				.filter(c -> FhirText.hasCode(c.getCode(), FusionFindingReader.LOINC, FusionFindingReader.GENE_STUDIED))
				.filter(c -> c.getValue() instanceof CodeableConcept)
				.forEach(c -> genes.resolve((CodeableConcept) c.getValue()).ifPresent(studied::add));
		if (studied.isEmpty()) {
			Matcher token = GENE_TOKEN.matcher(text);
			while (token.find()) {
				knowledge.resolveGeneSymbol(token.group(1)).filter(g -> !g.isFusionTarget() && !"partner".equals(g.role())).ifPresent(studied::add);
			}
		}
		String reference = observation.getIdElement().toUnqualifiedVersionless().getValue();
		boolean absent = observation.getValue() instanceof CodeableConcept value
				&& FhirText.hasCode(value, FusionFindingReader.LOINC, FusionFindingReader.ABSENT);
		boolean detected = !absent && !WILD_TYPE.matcher(text).find();
		for (GeneEntry gene : studied.stream().distinct().toList()) {
			if ("driver".equals(gene.role())) {
				String kind = AMPLIFICATION.matcher(text).find() ? " amplification" : "";
				String change = proteinChange(text).map(c -> " " + c).orElse(kind.isEmpty() ? " alteration" : kind);
				drivers.add(new DriverResult(gene.symbol(), detected, gene.symbol() + change, reference));
			} else if (gene.isFusionTarget() && detected) {
				proteinChange(text).ifPresent(c -> mutations.add(new MutationFinding(gene.symbol(), c, reference)));
			}
		}
	}

	static Optional<String> proteinChange(String text) {
		Matcher m = PROTEIN_CHANGE.matcher(text);
		while (m.find()) {
			String from = oneLetter(m.group(1));
			String to = oneLetter(m.group(3));
			if (from != null && to != null) {
				return Optional.of(from + m.group(2) + to);
			}
		}
		return Optional.empty();
	}

	private static String oneLetter(String aminoAcid) {
		return aminoAcid.length() == 1 ? aminoAcid : AMINO_ACIDS.get(aminoAcid);
	}
}
