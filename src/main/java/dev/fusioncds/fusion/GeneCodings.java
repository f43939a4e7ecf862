package dev.fusioncds.fusion;

import dev.fusioncds.knowledge.GeneEntry;
import dev.fusioncds.knowledge.KnowledgeBase;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** A gene as a result codes it: an HGNC coding (either system URL labs use) by id, else by symbol in display or text. */
final class GeneCodings {

	private final KnowledgeBase knowledge;

	GeneCodings(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
	}

	Optional<GeneEntry> resolve(CodeableConcept value) {
		for (Coding coding : value.getCoding()) {
			if (coding.getSystem() != null && coding.getSystem().startsWith("http://www.genenames.org")) {
				Optional<GeneEntry> byId = coding.getCode() == null ? Optional.empty() : knowledge.geneByHgncId(coding.getCode());
				if (byId.isPresent()) {
					return byId;
				}
				if (coding.getDisplay() != null && !coding.getDisplay().isBlank()) {
					return knowledge.resolveGeneSymbol(coding.getDisplay().trim());
				}
			}
		}
		return value.getText() == null || value.getText().isBlank() ? Optional.empty() : knowledge.resolveGeneSymbol(value.getText().trim());
	}
}
