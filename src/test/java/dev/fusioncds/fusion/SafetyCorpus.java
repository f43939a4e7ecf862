package dev.fusioncds.fusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fusioncds.server.TestReports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * The safety corpus: report phrasings written blind from real lab language
 * ({@code safety/phrasings.json}) × test names × the encodings labs use (valueString, coded and
 * text-only valueCodeableConcept, interpretation only, notes, report conclusion only, GRIG variant
 * with components, 5'/3' partner components). Each variant is one patient with advanced NSCLC after
 * chemotherapy, so that a positive result would meet every label condition.
 */
public final class SafetyCorpus {

	/**
	 * Expected: NEGATIVE and the unclear kinds never lead to a drug; POSITIVE does, for exactly these genes.
	 * AMBIGUOUS: a positive that names no gene under a test name covering other genes or several gene
	 * families ("Lung cancer fusion panel (ALK, ROS1, RET, NTRK1-3, NRG1)": "Translocation detected"):
	 * it may be ALK's, so no drug.
	 */
	public enum Kind { NEGATIVE, FAILED, PENDING, EQUIVOCAL, UNCERTAIN, AMBIGUOUS, POSITIVE }

	/** One generated case: a patient's resources and what must (not) come of them. */
	public record Variant(String id, Kind kind, String encoding, String phrase, String testName, Set<String> positiveGenes,
			List<Resource> resources) {

		/** An unclear result about a named target must be followed up (retest or review), never dropped. */
		public boolean expectsFollowUp() {
			return kind != Kind.NEGATIVE && kind != Kind.POSITIVE && kind != Kind.AMBIGUOUS && NAMES_TARGET.matcher(testName + " " + phrase).find();
		}

		@Override
		public String toString() {
			return id + " " + kind + " [" + encoding + "] test '" + testName + "': " + phrase;
		}

		public Bundle collection() {
			Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
			resources.forEach(r -> bundle.addEntry().setFullUrl(r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r));
			return bundle;
		}

		/** The patient's data as a transaction of PUTs, so a re-run stores the same resources. */
		public void addTo(Bundle transaction) {
			resources.forEach(r -> TestReports.put(transaction, r));
		}

		public String patient() {
			return "Patient/" + id;
		}
	}

	private static final String LOINC = "http://loinc.org";
	private static final String SNOMED = "http://snomed.info/sct";
	private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
	private static final String ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
	private static final Map<String, String> HGNC = Map.of("NRG1", "HGNC:7997", "NTRK1", "HGNC:8031", "NTRK2", "HGNC:8032", "NTRK3", "HGNC:8033");
	/** Screening methods lead to a confirmation test, not a drug: positives are generated for NGS results only. */
	private static final Pattern SCREENING = Pattern.compile("FISH|IHC|nuclei|stain|split signal|break-apart|RT-PCR|immuno", Pattern.CASE_INSENSITIVE);
	/** A phrase that names a fusion without saying "detected": a result only where it is the value itself. */
	private static final Pattern STATES_STATUS = Pattern.compile(
			"detect|identif|positive|\\bpos\\b|present|harbo|rearranged|found|confirmed|\\byes\\b", Pattern.CASE_INSENSITIVE);
	private static final Pattern NAMES_TARGET = Pattern.compile("NRG1|NTRK|TRK", Pattern.CASE_INSENSITIVE);
	private static final Pattern OTHER_GENE = Pattern.compile("\\b(?:ALK|ROS1|RET|EGFR|KRAS|BRAF|MET|ERBB2|FGFR[1-4])\\b");
	private static final Map<Kind, List<Coding>> CODED_VALUES = Map.of(
			Kind.NEGATIVE, List.of(new Coding(LOINC, "LA9634-2", "Absent"), new Coding(LOINC, "LA6577-6", "Negative"),
					new Coding(LOINC, "LA11883-8", "Not detected"), new Coding(SNOMED, "260385009", "Negative"),
					new Coding(SNOMED, "260415000", "Not detected"), new Coding(SNOMED, "2667000", "Absent")),
			Kind.FAILED, List.of(new Coding(LOINC, "LA18198-4", "No call"), new Coding(LOINC, "LA13548-5", "Specimen unsatisfactory for evaluation")),
			Kind.EQUIVOCAL, List.of(new Coding(LOINC, "LA11884-6", "Indeterminate"), new Coding(LOINC, "LA11885-3", "Equivocal"),
					new Coding(LOINC, "LA9663-1", "Inconclusive"), new Coding(SNOMED, "42425007", "Equivocal"),
					new Coding(SNOMED, "82334004", "Indeterminate"), new Coding(SNOMED, "419984006", "Inconclusive")),
			Kind.POSITIVE, List.of(new Coding(LOINC, "LA9633-4", "Present"), new Coding(LOINC, "LA6576-8", "Positive"),
					new Coding(LOINC, "LA11882-0", "Detected"), new Coding(SNOMED, "10828004", "Positive"),
					new Coding(SNOMED, "260373001", "Detected"), new Coding(SNOMED, "52101004", "Present")));
	private static final Map<Kind, List<String>> INTERPRETATIONS = Map.of(
			Kind.NEGATIVE, List.of("NEG", "ND"), Kind.EQUIVOCAL, List.of("IND", "E"), Kind.POSITIVE, List.of("POS", "DET"));
	private static final Map<Kind, List<String>> ABSENT_REASONS = Map.of(
			Kind.FAILED, List.of("error", "not-performed"), Kind.PENDING, List.of("temp-unknown"));

	private record TestName(String text, List<String> genes, String method) {}

	private final JsonNode phrasings;
	private final List<TestName> testNames = new ArrayList<>();
	private final List<Variant> variants = new ArrayList<>();
	private final String prefix;

	private SafetyCorpus(String prefix) {
		this.prefix = prefix;
		try (InputStream in = SafetyCorpus.class.getResourceAsStream("/safety/phrasings.json")) {
			phrasings = new ObjectMapper().readTree(in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		phrasings.path("testNames").forEach(t -> {
			List<String> genes = new ArrayList<>();
			t.path("genes").forEach(g -> genes.add(g.asText()));
			testNames.add(new TestName(t.path("text").asText(), genes, t.path("method").asText()));
		});
	}

	/** @param prefix patient id prefix, so that runs sharing a server keep apart */
	public static List<Variant> generate(String prefix) {
		SafetyCorpus corpus = new SafetyCorpus(prefix);
		corpus.geneLess();
		corpus.withGene();
		corpus.coded();
		corpus.multiGene();
		return List.copyOf(corpus.variants);
	}

	private List<TestName> ngsTestNames() {
		return testNames.stream()
				.filter(t -> !Set.of("FISH", "IHC", "RT_PCR").contains(t.method()) && NAMES_TARGET.matcher(t.text()).find())
				.toList();
	}

	/** "Negative", "QNS", "Pending"... under a test name that names the genes: every encoding. */
	private void geneLess() {
		int n = 0;
		for (Kind kind : Kind.values()) {
			List<TestName> names = kind == Kind.POSITIVE ? ngsTestNames() : testNames;
			for (JsonNode p : phrasings.path("geneLess").path(kind.name().toLowerCase())) {
				String phrase = p.asText();
				if (kind == Kind.POSITIVE && SCREENING.matcher(phrase).find()) {
					continue;
				}
				TestName test = names.get(n++ % names.size());
				String gene = test.genes().get(n % test.genes().size());
				Kind unnamed = unnamed(kind, test);
				Set<String> positives = unnamed == Kind.POSITIVE ? Set.copyOf(test.genes()) : Set.of();
				add(unnamed, "valueString", phrase, test, positives, o -> o.setValue(new StringType(phrase)), null);
				add(unnamed, "valueCodeableConcept.text", phrase, test, positives, o -> o.setValue(new CodeableConcept().setText(phrase)), null);
				add(unnamed, "note", phrase, test, positives, o -> o.addNote().setText(phrase), null);
				add(unnamed, "report-conclusion", phrase, test, positives, o -> {}, phrase);
				add(kind, "grig-variant", phrase, test, kind == Kind.POSITIVE ? Set.of(gene) : Set.of(),
						o -> grigVariant(o, gene, kind, phrase), null);
				String partner = partner(gene, n);
				add(kind, "partner-components", phrase, test, kind == Kind.POSITIVE ? Set.of(gene) : Set.of(),
						o -> partnerComponents(o, partner, gene, phrase), null);
			}
		}
	}

	/** "No NRG1 fusion detected", "CD74-NRG1 fusion of uncertain significance"... with and without a gene in the test name. */
	private void withGene() {
		int n = 0;
		for (Kind kind : Kind.values()) {
			List<TestName> names = kind == Kind.POSITIVE ? ngsTestNames() : testNames;
			for (JsonNode p : phrasings.path("withGene").path(kind.name().toLowerCase())) {
				if (kind == Kind.POSITIVE && SCREENING.matcher(p.asText()).find()) {
					continue;
				}
				TestName test = names.get(n++ % names.size());
				String gene = test.genes().get(n % test.genes().size());
				String phrase = p.asText().replace("{GENE}", gene).replace("{PARTNER}", partner(gene, n));
				Set<String> positives = kind == Kind.POSITIVE ? Set.of(gene) : Set.of();
				TestName generic = new TestName("Gene fusion analysis", List.of(), "UNKNOWN");
				add(kind, "valueString", phrase, test, positives, o -> o.setValue(new StringType(phrase)), null);
				add(kind, "valueString, generic test name", phrase, generic, positives, o -> o.setValue(new StringType(phrase)), null);
				add(kind, "valueCodeableConcept.text", phrase, generic, positives, o -> o.setValue(new CodeableConcept().setText(phrase)), null);
				if (kind != Kind.POSITIVE || STATES_STATUS.matcher(phrase).find()) {
					add(kind, "note", phrase, test, positives, o -> o.addNote().setText(phrase), null);
					add(kind, "report-conclusion", phrase, generic, positives, o -> {}, phrase);
				}
			}
		}
	}

	/** Coded answers, interpretations and data-absent reasons, with no text at all. */
	private void coded() {
		int n = 0;
		for (TestName test : testNames) {
			for (Kind kind : Kind.values()) {
				if (kind == Kind.POSITIVE && !ngsTestNames().contains(test)) {
					continue;
				}
				Kind unnamed = unnamed(kind, test);
				Set<String> positives = unnamed == Kind.POSITIVE ? Set.copyOf(test.genes()) : Set.of();
				List<Coding> values = CODED_VALUES.getOrDefault(kind, List.of());
				if (!values.isEmpty()) {
					Coding coding = values.get(n++ % values.size());
					add(unnamed, "valueCodeableConcept " + coding.getCode(), coding.getDisplay(), test, positives,
							o -> o.setValue(new CodeableConcept(coding.copy())), null);
				}
				for (String code : INTERPRETATIONS.getOrDefault(kind, List.of())) {
					add(unnamed, "interpretation " + code, code, test, positives,
							o -> o.addInterpretation(new CodeableConcept(new Coding(INTERPRETATION, code, null))), null);
				}
				for (String code : ABSENT_REASONS.getOrDefault(kind, List.of())) {
					add(kind, "dataAbsentReason " + code, code, test, positives,
							o -> o.setDataAbsentReason(new CodeableConcept(new Coding(ABSENT_REASON, code, null))), null);
				}
			}
		}
	}

	/** A positive that names no gene is AMBIGUOUS under a test name covering other genes or several gene families. */
	private static Kind unnamed(Kind kind, TestName test) {
		boolean coversOthers = OTHER_GENE.matcher(test.text()).find()
				|| test.genes().stream().map(FusionTextParser::family).distinct().count() > 1;
		return kind == Kind.POSITIVE && coversOthers && NAMES_TARGET.matcher(test.text()).find() ? Kind.AMBIGUOUS : kind;
	}

	private void multiGene() {
		TestName panel = new TestName("Gene fusion panel", List.of(), "UNKNOWN");
		for (JsonNode p : phrasings.path("multiGene").path("negative")) {
			String phrase = p.asText();
			add(Kind.NEGATIVE, "valueString", phrase, panel, Set.of(), o -> o.setValue(new StringType(phrase)), null);
			add(Kind.NEGATIVE, "note", phrase, panel, Set.of(), o -> o.addNote().setText(phrase), null);
			add(Kind.NEGATIVE, "report-conclusion", phrase, panel, Set.of(), o -> {}, phrase);
		}
		TestName rnaPanel = new TestName("Solid tumor fusion panel (RNA)", List.of(), "RNA_NGS");
		for (JsonNode p : phrasings.path("multiGene").path("mixedPositive")) {
			String phrase = p.path("text").asText();
			if (SCREENING.matcher(phrase).find()) {
				continue;
			}
			Set<String> positives = new java.util.TreeSet<>();
			p.path("positive").forEach(g -> positives.add(g.asText()));
			add(Kind.POSITIVE, "valueString", phrase, rnaPanel, positives, o -> o.setValue(new StringType(phrase)), null);
			add(Kind.POSITIVE, "report-conclusion", phrase, rnaPanel, positives, o -> {}, phrase);
		}
	}

	private String partner(String gene, int n) {
		JsonNode partners = phrasings.path("partners").path(gene);
		return partners.get(n % partners.size()).asText();
	}

	/** GRIG variant: gene studied, a coded value, the phrase as a note (a hedge over a coded Present must still count). */
	private static void grigVariant(Observation o, String gene, Kind kind, String phrase) {
		o.getCode().getCodingFirstRep().setSystem(LOINC).setCode("69548-6").setDisplay("Genetic variant assessment");
		o.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "48018-6", "Gene studied [ID]")))
				.setValue(new CodeableConcept(new Coding("http://www.genenames.org/geneId", HGNC.get(gene), gene)));
		o.addComponent().setCode(new CodeableConcept(new Coding("http://www.sequenceontology.org", "SO:0001565", "gene_fusion")))
				.setValue(new CodeableConcept(new Coding("http://www.sequenceontology.org", "SO:0001565", "gene_fusion")));
		boolean absent = kind == Kind.NEGATIVE;
		o.setValue(new CodeableConcept(absent ? new Coding(LOINC, "LA9634-2", "Absent") : new Coding(LOINC, "LA9633-4", "Present")));
		o.addNote().setText(phrase);
	}

	/** MII-style partner components with the phrase as the value. */
	private static void partnerComponents(Observation o, String partner, String gene, String phrase) {
		o.addComponent().setCode(new CodeableConcept().setText("5' fusion partner gene")).setValue(new CodeableConcept().setText(partner));
		o.addComponent().setCode(new CodeableConcept().setText("3' fusion partner gene"))
				.setValue(new CodeableConcept(new Coding("http://www.genenames.org/geneId", HGNC.get(gene), gene)));
		o.setValue(new StringType(phrase));
	}

	private void add(Kind kind, String encoding, String phrase, TestName test, Set<String> positives, Consumer<Observation> shape,
			String conclusion) {
		String id = prefix + "-" + variants.size();
		variants.add(new Variant(id, kind, encoding, phrase, test.text(), Set.copyOf(positives),
				patientWithResult(id, test.text(), shape, conclusion)));
	}

	/**
	 * A patient with metastatic NSCLC after carboplatin — every label condition met — and one final
	 * fusion result named {@code testName}, shaped by {@code shape}; with a final report whose
	 * conclusion is {@code conclusion} when that is not null.
	 */
	public static List<Resource> patientWithResult(String id, String testName, Consumer<Observation> shape, String conclusion) {
		Patient patient = new Patient();
		patient.setId(new IdType("Patient", id));
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1961-03-14"));
		Condition cancer = new Condition();
		cancer.setId(new IdType("Condition", id + "-dx"));
		cancer.setSubject(new Reference("Patient/" + id));
		cancer.getCode().setText("Non-small cell lung cancer, metastatic (stage IV)")
				.addCoding(new Coding(SNOMED, "254637007", "Non-small cell lung cancer"));
		MedicationStatement chemo = new MedicationStatement();
		chemo.setId(new IdType("MedicationStatement", id + "-chemo"));
		chemo.setStatus(MedicationStatement.MedicationStatementStatus.COMPLETED);
		chemo.setSubject(new Reference("Patient/" + id));
		chemo.setMedication(new CodeableConcept().setText("carboplatin"));
		Observation result = new Observation();
		result.setId(new IdType("Observation", id + "-obs"));
		result.setStatus(Observation.ObservationStatus.FINAL);
		result.setSubject(new Reference("Patient/" + id));
		result.getCode().setText(testName);
		result.setIssued(new Date(1_790_000_000_000L));
		shape.accept(result);
		List<Resource> resources = new ArrayList<>(List.of(patient, cancer, chemo, result));
		if (conclusion != null) {
			DiagnosticReport report = new DiagnosticReport();
			report.setId(new IdType("DiagnosticReport", id + "-dr"));
			report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
			report.setSubject(new Reference("Patient/" + id));
			report.getCode().setText("Molecular pathology report");
			report.addResult(new Reference("Observation/" + id + "-obs"));
			report.setConclusion(conclusion);
			resources.add(report);
		}
		return List.copyOf(resources);
	}
}
