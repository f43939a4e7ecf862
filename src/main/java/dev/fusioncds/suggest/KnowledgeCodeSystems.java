package dev.fusioncds.suggest;

import dev.fusioncds.knowledge.Drug;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.rules.FusionRules;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * The code systems our output uses that are generated from the knowledge base rather than kept
 * as files: the drug codes (alongside RxNorm where one is confirmed) and the rule ids in every
 * resource's rule tag. Versioned with the knowledge base.
 */
public final class KnowledgeCodeSystems {

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
		drugs.setCount(drugs.getConcept().size());
		rules.setCount(rules.getConcept().size());
		return List.of(drugs, rules);
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
