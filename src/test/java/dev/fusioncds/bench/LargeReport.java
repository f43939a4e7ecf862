package dev.fusioncds.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/**
 * A large Genomics Reporting IG report as one transaction: the patient, a lung adenocarcinoma
 * diagnosis, a genomic-report DiagnosticReport and {@code variants} variant Observations (one of
 * them a CD74::NRG1 fusion, the rest small variants of a broad panel), as a comprehensive panel
 * sends them.
 */
final class LargeReport {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final List<String[]> GENES = List.of(new String[] {"HGNC:3236", "EGFR"}, new String[] {"HGNC:6407", "KRAS"},
			new String[] {"HGNC:11998", "TP53"}, new String[] {"HGNC:1097", "BRAF"}, new String[] {"HGNC:8975", "PIK3CA"},
			new String[] {"HGNC:583", "APC"}, new String[] {"HGNC:1100", "BRCA1"}, new String[] {"HGNC:1101", "BRCA2"});
	private static final String LOINC = "http://loinc.org";

	private LargeReport() {}

	static String transaction(String patient, int variants) {
		ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
		ArrayNode entries = bundle.putArray("entry");
		ObjectNode person = JSON.createObjectNode().put("resourceType", "Patient").put("id", patient).put("gender", "female")
				.put("birthDate", "1961-04-12");
		put(entries, person, "Patient/" + patient);
		ObjectNode diagnosis = JSON.createObjectNode().put("resourceType", "Condition").put("id", patient + "-dx");
		diagnosis.putObject("clinicalStatus").putArray("coding").addObject()
				.put("system", "http://terminology.hl7.org/CodeSystem/condition-clinical").put("code", "active");
		diagnosis.putObject("code").putArray("coding").addObject().put("system", "http://snomed.info/sct").put("code", "254637007")
				.put("display", "Non-small cell lung cancer");
		diagnosis.putObject("subject").put("reference", "Patient/" + patient);
		put(entries, diagnosis, "Condition/" + patient + "-dx");

		ObjectNode report = JSON.createObjectNode().put("resourceType", "DiagnosticReport");
		report.putObject("meta").putArray("profile").add("http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/genomic-report");
		report.put("status", "final");
		report.putArray("category").addObject().putArray("coding").addObject()
				.put("system", "http://terminology.hl7.org/CodeSystem/v2-0074").put("code", "GE");
		report.putObject("code").put("text", "Comprehensive genomic profiling (DNA + RNA)").putArray("coding").addObject()
				.put("system", LOINC).put("code", "51969-4");
		report.putObject("subject").put("reference", "Patient/" + patient);
		report.put("effectiveDateTime", "2026-10-02").put("issued", "2026-10-05T12:00:00Z");
		report.putArray("identifier").addObject().put("system", "https://lab.example.org/fhir/sid/report").put("value", patient + "-report");
		ArrayNode results = report.putArray("result");
		for (int i = 0; i < variants; i++) {
			String uuid = "urn:uuid:" + UUID.nameUUIDFromBytes((patient + "-" + i).getBytes()).toString();
			results.addObject().put("reference", uuid);
			ObjectNode variant = i == 0 ? fusion(patient) : smallVariant(patient, i);
			entries.addObject().put("fullUrl", uuid).<ObjectNode>set("resource", variant).putObject("request")
					.put("method", "POST").put("url", "Observation")
					.put("ifNoneExist", "identifier=https://lab.example.org/fhir/sid/result|" + variant.at("/identifier/0/value").asText());
		}
		entries.addObject().<ObjectNode>set("resource", report).putObject("request").put("method", "POST").put("url", "DiagnosticReport")
				.put("ifNoneExist", "identifier=https://lab.example.org/fhir/sid/report|" + patient + "-report");
		return bundle.toString();
	}

	private static ObjectNode fusion(String patient) {
		ObjectNode fusion = variant(patient, "fusion");
		fusion.putObject("method").put("text", "RNA-based NGS (anchored multiplex PCR)");
		gene(fusion, "HGNC:1697", "CD74");
		gene(fusion, "HGNC:7997", "NRG1");
		component(fusion, "81252-9", "Discrete genetic variant").putObject("valueCodeableConcept").put("text", "CD74::NRG1 fusion detected");
		return fusion;
	}

	private static ObjectNode smallVariant(String patient, int i) {
		ObjectNode variant = variant(patient, "v" + i);
		String[] gene = GENES.get(i % GENES.size());
		gene(variant, gene[0], gene[1]);
		component(variant, "48004-6", "DNA change (c.HGVS)").putObject("valueCodeableConcept").putArray("coding").addObject()
				.put("system", "http://varnomen.hgvs.org").put("code", "NM_000000.1:c." + (100 + i) + "A>G");
		component(variant, "81258-6", "Sample variant allelic frequency").putObject("valueQuantity").put("value", 0.05 + (i % 40) / 100.0)
				.put("system", "http://unitsofmeasure.org").put("code", "1");
		return variant;
	}

	private static ObjectNode variant(String patient, String suffix) {
		ObjectNode variant = JSON.createObjectNode().put("resourceType", "Observation");
		variant.putObject("meta").putArray("profile").add("http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant");
		variant.putArray("identifier").addObject().put("system", "https://lab.example.org/fhir/sid/result").put("value", patient + "-" + suffix);
		variant.put("status", "final");
		ArrayNode category = variant.putArray("category");
		category.addObject().putArray("coding").addObject().put("system", "http://terminology.hl7.org/CodeSystem/observation-category")
				.put("code", "laboratory");
		category.addObject().putArray("coding").addObject().put("system", "http://terminology.hl7.org/CodeSystem/v2-0074").put("code", "GE");
		variant.putObject("code").putArray("coding").addObject().put("system", LOINC).put("code", "69548-6")
				.put("display", "Genetic variant assessment");
		variant.putObject("subject").put("reference", "Patient/" + patient);
		variant.put("effectiveDateTime", "2026-10-02");
		variant.putObject("valueCodeableConcept").putArray("coding").addObject().put("system", LOINC).put("code", "LA9633-4")
				.put("display", "Present");
		return variant;
	}

	private static void gene(ObjectNode variant, String hgnc, String symbol) {
		component(variant, "48018-6", "Gene studied [ID]").putObject("valueCodeableConcept").putArray("coding").addObject()
				.put("system", "http://www.genenames.org/geneId").put("code", hgnc).put("display", symbol);
	}

	private static ObjectNode component(ObjectNode observation, String code, String display) {
		ArrayNode components = observation.has("component") ? (ArrayNode) observation.get("component") : observation.putArray("component");
		ObjectNode component = components.addObject();
		component.putObject("code").putArray("coding").addObject().put("system", LOINC).put("code", code).put("display", display);
		return component;
	}

	private static void put(ArrayNode entries, ObjectNode resource, String url) {
		entries.addObject().<ObjectNode>set("resource", resource).putObject("request").put("method", "PUT").put("url", url);
	}
}
