package dev.fusioncds.suggest;

import dev.fusioncds.knowledge.Drug;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.TumorType;
import dev.fusioncds.rules.FusionRules;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * The code systems our output uses that are generated from the knowledge base rather than kept
 * as files: the drug codes (alongside RxNorm where one is confirmed), the rule ids in every
 * resource's rule tag, the tumor types and the screening gaps. Versioned with the knowledge base.
 */
public final class KnowledgeCodeSystems {

	public static final String SCREENING_GAP_SYSTEM = "https://fusion-cds.dev/fhir/CodeSystem/screening-gap";
	public static final String ANY_SOLID_DISPLAY = "Other advanced solid tumor";

	private KnowledgeCodeSystems() {}

	public static List<CodeSystem> build(KnowledgeBase knowledge) {
		CodeSystem drugs = codeSystem("drug", SuggestionResources.DRUG_SYSTEM, "FusionCdsDrug", "Fusion CDS drug",
				"Drugs the Fusion CDS knowledge base names, with their RxNorm code where one is confirmed.", knowledge);
		knowledge.drugs().stream().sorted(Comparator.comparing(Drug::id)).forEach(drug -> {
			CodeSystem.ConceptDefinitionComponent concept = drugs.addConcept().setCode(drug.id()).setDisplay(drug.name())
					.setDefinition(String.join(", ", drug.classes()));
			drug.brands().forEach(brand -> concept.addDesignation().setValue(brand));
		});
		CodeSystem rules = codeSystem("rule", SuggestionResources.RULE_SYSTEM, "FusionCdsRule", "Fusion CDS rule",
				"The rule that produced a suggestion; carried in meta.tag of every emitted resource.", knowledge);
		new FusionRules(knowledge).ruleIds().forEach(id -> rules.addConcept().setCode(id));
		CodeSystem tumors = codeSystem("tumor-type", SuggestionResources.TUMOR_TYPE_SYSTEM, "FusionCdsTumorType", "Fusion CDS tumor type",
				"Tumor types the Fusion CDS rules name (with their OncoTree, SNOMED CT and ICD-10 codes in tumor-types.json); "
						+ "on a suggestion Task's reasonCode and in $screening-gaps.", knowledge);
		knowledge.tumorTypes().forEach(tumor -> tumors.addConcept().setCode(tumor.id()).setDisplay(tumor.name()));
		tumors.addConcept().setCode(TumorType.ANY_SOLID).setDisplay(ANY_SOLID_DISPLAY)
				.setDefinition("A metastatic or unresectable solid tumor of a type no other screening population names.");
		CodeSystem gaps = codeSystem("screening-gap", SCREENING_GAP_SYSTEM, "FusionCdsScreeningGap", "Fusion CDS screening gap",
				"Why a patient whose cancer makes fusion testing relevant has no adequate fusion test ($screening-gaps DetectedIssue.code).",
				knowledge);
		knowledge.screening().gaps().forEach(gap -> gaps.addConcept().setCode(gap.code()).setDisplay(gap.display())
				.setDefinition(gap.definition()));
		List<CodeSystem> all = List.of(drugs, rules, tumors, gaps);
		all.forEach(system -> system.setCount(system.getConcept().size()));
		return all;
	}

	private static CodeSystem codeSystem(String id, String url, String name, String title, String description, KnowledgeBase knowledge) {
		CodeSystem codeSystem = new CodeSystem();
		codeSystem.setId(id);
		codeSystem.setUrl(url);
		codeSystem.setVersion(knowledge.version());
		codeSystem.setName(name);
		codeSystem.setTitle(title);
		codeSystem.setStatus(Enumerations.PublicationStatus.ACTIVE);
		codeSystem.setPublisher("Fusion CDS");
		codeSystem.setDescription(description);
		codeSystem.setCaseSensitive(true);
		codeSystem.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		return codeSystem;
	}
}
