package dev.fusioncds.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fusioncds.demo.CohortPatient.FusionTest;
import dev.fusioncds.demo.CohortPatient.Tumor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded synthetic cohort of patients with advanced cancers where fusions matter, as transaction
 * Bundles: Patient, Condition (tumor type and extent), sometimes prior chemotherapy, a driver panel
 * (EGFR/KRAS), and for a share of them a fusion test of one of the kinds labs send (RNA NGS positive
 * as GRIG variant or free text, DNA-only negative, RNA negative, pan-TRK IHC or FISH without NGS,
 * failed) with its DiagnosticReport; the others have a cancer and no fusion test at all.
 *
 * <p>Patient {@code i} depends only on the seed and {@code i}, and every resource is PUT with an id
 * derived from the patient's, so loading the same cohort again changes nothing and a larger cohort
 * starts with the same patients. Fusion positives are far more common than in life, so that a demo
 * of a few hundred patients shows every kind of suggestion.
 */
public final class SyntheticCohort {

	public static final String IDENTIFIER_SYSTEM = "https://fusion-cds.dev/fhir/sid/demo-cohort";
	static final String LAB_RESULT_SYSTEM = "https://lab.example.org/fhir/sid/result";
	private static final ObjectMapper JSON = new ObjectMapper();
	/** Relative frequencies: NSCLC first, the NTRK-enriched rare tumors seldom, as in a cancer center. */
	private static final Tumor[] TUMOR_MIX = {
		Tumor.NSCLC, Tumor.NSCLC, Tumor.NSCLC, Tumor.NSCLC, Tumor.NSCLC, Tumor.NSCLC,
		Tumor.PANCREATIC, Tumor.PANCREATIC, Tumor.PANCREATIC, Tumor.CHOLANGIOCARCINOMA, Tumor.CHOLANGIOCARCINOMA,
		Tumor.COLORECTAL, Tumor.COLORECTAL, Tumor.SOFT_TISSUE_SARCOMA,
		Tumor.SECRETORY_BREAST, Tumor.MASC, Tumor.INFANTILE_FIBROSARCOMA,
	};
	private static final FusionTest[] TEST_MIX = {
		FusionTest.RNA_POSITIVE_GRIG, FusionTest.RNA_POSITIVE_GRIG, FusionTest.RNA_POSITIVE_TEXT,
		FusionTest.DNA_NEGATIVE, FusionTest.DNA_NEGATIVE, FusionTest.DNA_NEGATIVE, FusionTest.DNA_NEGATIVE,
		FusionTest.RNA_NEGATIVE, FusionTest.RNA_NEGATIVE, FusionTest.RNA_NEGATIVE,
		FusionTest.PAN_TRK_IHC_POSITIVE, FusionTest.FISH_POSITIVE, FusionTest.FAILED,
	};
	private static final String[] FAMILY = {"Moreau", "Okafor", "Lindqvist", "Tanaka", "Novak", "Silva", "Haddad", "Kowalski",
		"Brennan", "Ivanova", "Mensah", "Rossi"};
	private static final String[] GIVEN_FEMALE = {"Ada", "Mei", "Ines", "Freya", "Amara", "Lucia"};
	private static final String[] GIVEN_MALE = {"Jonas", "Kenji", "Omar", "Piotr", "Tiago", "Emeka"};

	private final long seed;
	private final String idPrefix;
	private final double testedShare;
	private final List<String> fusionPatients = new ArrayList<>();

	/**
	 * @param idPrefix the patients' ids are {@code <idPrefix>-<i>}
	 * @param testedShare share of patients with a fusion test (the rest have none)
	 */
	public SyntheticCohort(long seed, String idPrefix, double testedShare) {
		this.seed = seed;
		this.idPrefix = idPrefix;
		this.testedShare = testedShare;
	}

	/** Patient {@code index}'s story: the same for the same seed, whatever else was generated. */
	public CohortPatient patient(int index) {
		Random random = new Random(seed * 1_000_003L + index);
		Tumor tumor = TUMOR_MIX[random.nextInt(TUMOR_MIX.length)];
		boolean infant = tumor == Tumor.INFANTILE_FIBROSARCOMA;
		String birthDate = infant
				? "2025-%02d-%02d".formatted(1 + random.nextInt(12), 1 + random.nextInt(28))
				: "%d-%02d-%02d".formatted(1940 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28));
		String gender = random.nextBoolean() ? "female" : "male";
		boolean advanced = infant || random.nextDouble() < 0.9;
		String priorTherapy = !infant && random.nextDouble() < 0.6 ? chemotherapy(tumor, random) : null;
		boolean tested = random.nextDouble() < testedShare;
		String driver = tested || random.nextBoolean() ? driver(tumor, random) : null;
		FusionTest test = tested ? TEST_MIX[random.nextInt(TEST_MIX.length)] : null;
		if (test == FusionTest.FISH_POSITIVE && !tumor.target.equals("NRG1")) {
			test = FusionTest.PAN_TRK_IHC_POSITIVE;
		}
		String testDate = "2026-%02d-%02d".formatted(1 + random.nextInt(10), 1 + random.nextInt(28));
		return new CohortPatient(idPrefix + "-" + index, index, tumor, advanced, birthDate, gender, priorTherapy, driver, test, testDate);
	}

	/** One transaction Bundle of the patients {@code first} to {@code first + count - 1}. */
	public String bundle(int first, int count) {
		ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
		ArrayNode entries = bundle.putArray("entry");
		for (int i = first; i < first + count; i++) {
			CohortPatient patient = patient(i);
			if (patient.fusionTest() != null) {
				fusionPatients.add(patient.id());
			}
			resources(patient, entries);
		}
		return bundle.toString();
	}

	/** One transaction Bundle per {@code perBundle} patients. */
	public List<String> bundles(int patients, int perBundle) {
		List<String> bundles = new ArrayList<>();
		for (int first = 0; first < patients; first += perBundle) {
			bundles.add(bundle(first, Math.min(perBundle, patients - first)));
		}
		return bundles;
	}

	/** Ids of the patients with a fusion test among those put in a Bundle so far. */
	public List<String> fusionPatients() {
		return List.copyOf(fusionPatients);
	}

	/** Resources per patient vary; this counts them in a bundle. */
	public static int resourceCount(String bundle) {
		try {
			return JSON.readTree(bundle).path("entry").size();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static String chemotherapy(Tumor tumor, Random random) {
		return switch (tumor) {
			case NSCLC -> random.nextBoolean() ? "carboplatin" : "pemetrexed";
			case PANCREATIC -> random.nextBoolean() ? "FOLFIRINOX" : "gemcitabine";
			case CHOLANGIOCARCINOMA -> "gemcitabine";
			case COLORECTAL -> "FOLFOX";
			default -> "doxorubicin";
		};
	}

	/** The driver panel: NSCLC EGFR or KRAS or none (driver-negative); pancreatic mostly KRAS, some wild-type. */
	private static String driver(Tumor tumor, Random random) {
		double roll = random.nextDouble();
		return switch (tumor) {
			case NSCLC -> roll < 0.15 ? "EGFR exon 19 deletion E746_A750del" : roll < 0.35 ? "KRAS G12C" : "EGFR wild-type";
			case PANCREATIC -> roll < 0.75 ? "KRAS G12D" : "KRAS wild-type";
			case COLORECTAL -> roll < 0.4 ? "KRAS G12V" : "KRAS wild-type";
			default -> null;
		};
	}

	private static void resources(CohortPatient patient, ArrayNode entries) {
		String id = patient.id();
		ObjectNode resource = JSON.createObjectNode().put("resourceType", "Patient").put("id", id);
		resource.putArray("identifier").addObject().put("system", IDENTIFIER_SYSTEM).put("value", id);
		String[] given = patient.gender().equals("female") ? GIVEN_FEMALE : GIVEN_MALE;
		resource.putArray("name").addObject().put("family", FAMILY[patient.index() % FAMILY.length])
				.putArray("given").add(given[patient.index() / FAMILY.length % given.length]);
		resource.put("gender", patient.gender()).put("birthDate", patient.birthDate());
		put(entries, resource);

		Tumor tumor = patient.tumor();
		ObjectNode condition = JSON.createObjectNode().put("resourceType", "Condition").put("id", id + "-dx");
		ObjectNode code = condition.putObject("code");
		if (tumor.code != null) {
			code.putArray("coding").addObject().put("system", tumor.system).put("code", tumor.code).put("display", tumor.text);
		}
		code.put("text", tumor.text + (patient.advanced() ? ", metastatic" : ", stage IB, completely resected"));
		condition.putObject("subject").put("reference", "Patient/" + id);
		put(entries, condition);

		if (patient.priorTherapy() != null) {
			ObjectNode chemo = JSON.createObjectNode().put("resourceType", "MedicationStatement").put("id", id + "-chemo")
					.put("status", "completed");
			chemo.putObject("medicationCodeableConcept").put("text", patient.priorTherapy());
			chemo.putObject("subject").put("reference", "Patient/" + id);
			put(entries, chemo);
		}
		List<String> results = new ArrayList<>();
		if (patient.driver() != null) {
			String gene = patient.driver().substring(0, patient.driver().indexOf(' '));
			boolean present = !patient.driver().endsWith("wild-type");
			put(entries, variant(patient, id + "-driver", "DNA-based NGS (hybrid capture)", present,
					new String[][] {{gene.equals("EGFR") ? "HGNC:3236" : "HGNC:6407", gene}}, patient.driver()));
			results.add("Observation/" + id + "-driver");
		}
		if (patient.fusionTest() != null) {
			put(entries, fusionResult(patient));
			results.add("Observation/" + id + "-fusion");
		}
		if (results.isEmpty()) {
			put(entries, labResult(patient, id + "-lab", "Hemoglobin", "12.1 g/dL", null));
		} else {
			put(entries, report(patient, results));
		}
	}

	private static ObjectNode fusionResult(CohortPatient patient) {
		Tumor tumor = patient.tumor();
		String id = patient.id() + "-fusion";
		String fusion = tumor.partner + "::" + tumor.target;
		ObjectNode result = switch (patient.fusionTest()) {
			case RNA_POSITIVE_GRIG -> tumor.partnerHgnc == null
					? labResult(patient, id, "Solid tumor RNA fusion panel", fusion + " fusion detected", "RNA-based NGS")
					: variant(patient, id, "RNA-based NGS", true,
							new String[][] {{tumor.partnerHgnc, tumor.partner}, {targetHgnc(tumor.target), tumor.target}},
							tumor.partner + "-" + tumor.target + " fusion");
			case RNA_POSITIVE_TEXT -> labResult(patient, id, "Solid tumor RNA fusion panel", fusion + " fusion detected", "RNA-based NGS");
			case DNA_NEGATIVE -> tumor.target.equals("NRG1")
					? variant(patient, id, "DNA-based NGS (hybrid capture)", false,
							new String[][] {{targetHgnc("NRG1"), "NRG1"}}, "No NRG1 fusion detected")
					: labResult(patient, id, "Fusion analysis", "No NTRK1/2/3 fusions detected", "DNA-based NGS (hybrid capture)");
			case RNA_NEGATIVE -> labResult(patient, id, "Solid tumor RNA fusion panel", "NRG1, NTRK1-3: not detected", "RNA-based NGS");
			case PAN_TRK_IHC_POSITIVE -> labResult(patient, id, "Pan-TRK IHC", "Pan-TRK positive (diffuse cytoplasmic staining)",
					"Immunohistochemistry, pan-TRK clone EPR17341");
			case FISH_POSITIVE -> labResult(patient, id, "NRG1 FISH", "NRG1 break-apart: positive", "FISH break-apart probe");
			case FAILED -> labResult(patient, id, tumor.target.equals("NRG1") ? "NRG1 fusion analysis, DNA-based NGS"
					: "NTRK1/2/3 fusion, DNA-based NGS", "QNS", null);
		};
		result.putArray("identifier").addObject().put("system", LAB_RESULT_SYSTEM).put("value", id);
		return result;
	}

	private static String targetHgnc(String gene) {
		return switch (gene) {
			case "NRG1" -> "HGNC:7997";
			case "NTRK1" -> "HGNC:8031";
			default -> "HGNC:8033";
		};
	}

	/** A GRIG variant Observation: gene-studied components, the finding as text, Present or Absent. */
	private static ObjectNode variant(CohortPatient patient, String id, String method, boolean present, String[][] genes, String finding) {
		ObjectNode o = observation(patient, id);
		o.putObject("meta").putArray("profile").add("http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant");
		((ArrayNode) o.get("category")).addObject().putArray("coding").addObject()
				.put("system", "http://terminology.hl7.org/CodeSystem/v2-0074").put("code", "GE");
		o.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org").put("code", "69548-6")
				.put("display", "Genetic variant assessment");
		o.putObject("valueCodeableConcept").putArray("coding").addObject().put("system", "http://loinc.org")
				.put("code", present ? "LA9633-4" : "LA9634-2").put("display", present ? "Present" : "Absent");
		o.putObject("method").put("text", method);
		ArrayNode components = o.putArray("component");
		for (String[] gene : genes) {
			ObjectNode component = components.addObject();
			component.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org").put("code", "48018-6");
			component.putObject("valueCodeableConcept").putArray("coding").addObject()
					.put("system", "http://www.genenames.org/geneId").put("code", gene[0]).put("display", gene[1]);
		}
		ObjectNode variant = components.addObject();
		variant.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org").put("code", "81252-9");
		variant.putObject("valueCodeableConcept").put("text", finding);
		return o;
	}

	private static ObjectNode labResult(CohortPatient patient, String id, String test, String value, String method) {
		ObjectNode o = observation(patient, id);
		o.putObject("code").put("text", test);
		o.put("valueString", value);
		if (method != null) {
			o.putObject("method").put("text", method);
		}
		return o;
	}

	private static ObjectNode observation(CohortPatient patient, String id) {
		ObjectNode o = JSON.createObjectNode().put("resourceType", "Observation").put("id", id).put("status", "final");
		o.putArray("category").addObject().putArray("coding").addObject()
				.put("system", "http://terminology.hl7.org/CodeSystem/observation-category").put("code", "laboratory");
		o.putObject("subject").put("reference", "Patient/" + patient.id());
		o.put("effectiveDateTime", patient.testDate());
		return o;
	}

	private static ObjectNode report(CohortPatient patient, List<String> results) {
		ObjectNode report = JSON.createObjectNode().put("resourceType", "DiagnosticReport").put("id", patient.id() + "-report")
				.put("status", "final");
		report.putArray("category").addObject().putArray("coding").addObject()
				.put("system", "http://terminology.hl7.org/CodeSystem/v2-0074").put("code", "GE");
		report.putObject("code").put("text", "Tumor molecular profiling");
		report.putObject("subject").put("reference", "Patient/" + patient.id());
		report.put("effectiveDateTime", patient.testDate());
		ArrayNode references = report.putArray("result");
		results.forEach(reference -> references.addObject().put("reference", reference));
		return report;
	}

	private static void put(ArrayNode entries, ObjectNode resource) {
		String url = resource.path("resourceType").asText() + "/" + resource.path("id").asText();
		ObjectNode entry = entries.addObject().put("fullUrl", url);
		entry.set("resource", resource);
		entry.putObject("request").put("method", "PUT").put("url", url);
	}
}
