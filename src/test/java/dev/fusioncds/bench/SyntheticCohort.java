package dev.fusioncds.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded synthetic cohort of cancer patients as transaction bundles: Patient, Condition (tumor
 * type), sometimes chemotherapy, a lab result, and for about one patient in ten a fusion result in
 * one of four encodings (GRIG variant with HGNC genes, lab free text, DNA-only negative, pan-TRK IHC)
 * with its DiagnosticReport. The same seed gives the same cohort; every run uses fresh ids.
 */
public final class SyntheticCohort {

	static final ObjectMapper JSON = new ObjectMapper();
	private static final String[][] TUMORS = {
		{"254637007", "Non-small cell lung cancer", "NSCLC"}, {"254637007", "Non-small cell lung cancer", "NSCLC"},
		{"254637007", "Non-small cell lung cancer", "NSCLC"}, {"363418001", "Malignant tumor of pancreas", "PAAD"},
		{"312104005", "Cholangiocarcinoma", "CHOL"}, {"363406005", "Malignant tumor of colon", "COAD"},
		{"254837009", "Malignant neoplasm of breast", "BRCA"}, {"254637007", "Non-small cell lung cancer", "NSCLC"},
	};

	private final Random random;
	private final String run;
	private final double fusionShare;
	private final List<String> fusionPatients = new ArrayList<>();

	/** @param fusionShare share of patients with a fusion result (0.1 for a realistic cohort, 1 for all) */
	public SyntheticCohort(long seed, String run, double fusionShare) {
		this.random = new Random(seed);
		this.run = run;
		this.fusionShare = fusionShare;
	}

	/** One transaction bundle per {@code perBundle} patients. */
	public List<String> bundles(int patients, int perBundle) {
		List<String> bundles = new ArrayList<>();
		for (int first = 0; first < patients; first += perBundle) {
			ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
			ArrayNode entries = bundle.putArray("entry");
			for (int i = first; i < Math.min(patients, first + perBundle); i++) {
				patient(run + "-" + i, entries);
			}
			bundles.add(bundle.toString());
		}
		return bundles;
	}

	/** Resources per patient vary; this counts them in a bundle. */
	static int resourceCount(String bundle) {
		try {
			return JSON.readTree(bundle).path("entry").size();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private void patient(String id, ArrayNode entries) {
		ObjectNode patient = JSON.createObjectNode().put("resourceType", "Patient").put("id", id)
				.put("gender", random.nextBoolean() ? "female" : "male")
				.put("birthDate", (1940 + random.nextInt(60)) + "-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(9));
		put(entries, patient, "Patient/" + id);
		String[] tumor = TUMORS[random.nextInt(TUMORS.length)];
		ObjectNode condition = JSON.createObjectNode().put("resourceType", "Condition").put("id", id + "-dx");
		ObjectNode code = condition.putObject("code");
		code.putArray("coding").addObject().put("system", "http://snomed.info/sct").put("code", tumor[0]).put("display", tumor[1]);
		code.put("text", tumor[1]);
		condition.putObject("subject").put("reference", "Patient/" + id);
		put(entries, condition, "Condition/" + id + "-dx");
		if (random.nextDouble() < 0.6) {
			ObjectNode chemo = JSON.createObjectNode().put("resourceType", "MedicationStatement").put("id", id + "-chemo")
					.put("status", "completed");
			chemo.putObject("medicationCodeableConcept").put("text", random.nextBoolean() ? "carboplatin" : "gemcitabine");
			chemo.putObject("subject").put("reference", "Patient/" + id);
			put(entries, chemo, "MedicationStatement/" + id + "-chemo");
		}
		if (random.nextDouble() < fusionShare) {
			fusionResult(id, tumor[2], entries);
		} else {
			post(entries, labResult(id, random.nextDouble() < 0.3 ? "KRAS G12D mutation detected" : "Hemoglobin 12.1 g/dL",
					"Tumor marker / lab result", null));
		}
	}

	/** Ids of the patients given a fusion result so far. */
	public List<String> fusionPatients() {
		return List.copyOf(fusionPatients);
	}

	private void fusionResult(String id, String tumor, ArrayNode entries) {
		fusionPatients.add(id);
		String observationUrl = "urn:uuid:" + uuid();
		ObjectNode observation = switch (random.nextInt(4)) {
			case 0 -> grigVariant(id, tumor.equals("NSCLC") || tumor.equals("PAAD") || tumor.equals("CHOL"));
			case 1 -> labResult(id, "ETV6::NTRK3 fusion detected", "Solid tumor RNA fusion panel", "RNA-based NGS");
			case 2 -> labResult(id, "No NRG1 fusion detected", "Solid tumor DNA panel", "DNA-based NGS");
			default -> labResult(id, "pan-TRK positive, NTRK fusion suspected", "pan-TRK immunohistochemistry", "IHC");
		};
		observation.putArray("identifier").addObject().put("system", "https://lab.example.org/fhir/sid/result").put("value", id + "-fusion");
		ObjectNode entry = entries.addObject().put("fullUrl", observationUrl);
		entry.set("resource", observation);
		entry.putObject("request").put("method", "POST").put("url", "Observation")
				.put("ifNoneExist", "identifier=https://lab.example.org/fhir/sid/result|" + id + "-fusion");
		ObjectNode report = JSON.createObjectNode().put("resourceType", "DiagnosticReport").put("status", "final");
		report.putArray("category").addObject().putArray("coding").addObject()
				.put("system", "http://terminology.hl7.org/CodeSystem/v2-0074").put("code", "GE");
		report.putObject("code").put("text", "Tumor fusion testing");
		report.putObject("subject").put("reference", "Patient/" + id);
		report.putArray("result").addObject().put("reference", observationUrl);
		ObjectNode reportEntry = entries.addObject().put("fullUrl", "urn:uuid:" + uuid());
		reportEntry.set("resource", report);
		reportEntry.putObject("request").put("method", "POST").put("url", "DiagnosticReport");
	}

	private ObjectNode grigVariant(String id, boolean nrg1) {
		ObjectNode o = JSON.createObjectNode().put("resourceType", "Observation");
		o.putObject("meta").putArray("profile").add("http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant");
		o.put("status", "final");
		ArrayNode category = o.putArray("category");
		category.addObject().putArray("coding").addObject().put("system", "http://terminology.hl7.org/CodeSystem/observation-category").put("code", "laboratory");
		category.addObject().putArray("coding").addObject().put("system", "http://terminology.hl7.org/CodeSystem/v2-0074").put("code", "GE");
		o.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org").put("code", "69548-6").put("display", "Genetic variant assessment");
		o.putObject("subject").put("reference", "Patient/" + id);
		o.putObject("valueCodeableConcept").putArray("coding").addObject().put("system", "http://loinc.org").put("code", "LA9633-4").put("display", "Present");
		o.putObject("method").put("text", "RNA-based NGS");
		ArrayNode components = o.putArray("component");
		gene(components, nrg1 ? "HGNC:1697" : "HGNC:3495", nrg1 ? "CD74" : "ETV6");
		gene(components, nrg1 ? "HGNC:7997" : "HGNC:8033", nrg1 ? "NRG1" : "NTRK3");
		ObjectNode variant = components.addObject();
		variant.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org").put("code", "81252-9");
		variant.putObject("valueCodeableConcept").put("text", nrg1 ? "CD74-NRG1 fusion detected" : "ETV6-NTRK3 fusion detected");
		return o;
	}

	private static void gene(ArrayNode components, String hgnc, String symbol) {
		ObjectNode gene = components.addObject();
		gene.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org").put("code", "48018-6");
		gene.putObject("valueCodeableConcept").putArray("coding").addObject()
				.put("system", "http://www.genenames.org/geneId").put("code", hgnc).put("display", symbol);
	}

	private static ObjectNode labResult(String id, String value, String test, String method) {
		ObjectNode o = JSON.createObjectNode().put("resourceType", "Observation").put("status", "final");
		o.putArray("category").addObject().putArray("coding").addObject()
				.put("system", "http://terminology.hl7.org/CodeSystem/observation-category").put("code", "laboratory");
		o.putObject("code").put("text", test);
		o.putObject("subject").put("reference", "Patient/" + id);
		o.put("valueString", value);
		if (method != null) {
			o.putObject("method").put("text", method);
		}
		return o;
	}

	private static void put(ArrayNode entries, ObjectNode resource, String url) {
		ObjectNode entry = entries.addObject().put("fullUrl", url);
		entry.set("resource", resource);
		entry.putObject("request").put("method", "PUT").put("url", url);
	}

	private void post(ArrayNode entries, ObjectNode resource) {
		ObjectNode entry = entries.addObject().put("fullUrl", "urn:uuid:" + uuid());
		entry.set("resource", resource);
		entry.putObject("request").put("method", "POST").put("url", resource.path("resourceType").asText());
	}

	private String uuid() {
		return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
	}
}
