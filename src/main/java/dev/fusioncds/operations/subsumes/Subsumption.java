package dev.fusioncds.operations.subsumes;

import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.entity.TermConcept;
import ca.uhn.fhir.jpa.term.api.ITermReadSvc;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Arrays;
import java.util.Objects;
import org.hl7.fhir.r4.model.codesystems.ConceptSubsumptionOutcome;
import org.springframework.stereotype.Component;

/**
 * Tests whether one code subsumes another in a stored CodeSystem, from the ancestors HAPI records for
 * every concept it stores ({@code TermConcept} parent PIDs). HAPI's own test asks Hibernate Search,
 * which this server leaves off, and answered 500.
 */
@Component
class Subsumption {

	private final ITermReadSvc terminology;
	private final IHapiTransactionService transactions;

	Subsumption(ITermReadSvc terminology, IHapiTransactionService transactions) {
		this.terminology = terminology;
		this.transactions = transactions;
	}

	/** One code of a code system: the system may carry its version as {@code system|version}. */
	record Code(String system, String version, String code) {

		String systemIdentifier() {
			return version == null || version.isEmpty() ? system : system + "|" + version;
		}

		@Override
		public String toString() {
			return systemIdentifier() + "#" + code;
		}
	}

	/** How codeA relates to codeB: equivalent, subsumes (A is an ancestor of B), subsumed-by, not-subsumed. */
	ConceptSubsumptionOutcome test(Code codeA, Code codeB) {
		if (!Objects.equals(codeA.system(), codeB.system())) {
			throw new InvalidRequestException("Unable to test subsumption across different code systems: "
					+ codeA.system() + " and " + codeB.system());
		}
		if (!Objects.equals(codeA.version(), codeB.version())) {
			throw new InvalidRequestException("Unable to test subsumption across different code system versions: "
					+ codeA.version() + " and " + codeB.version());
		}
		return transactions.withSystemRequest().readOnly().execute(() -> {
			TermConcept a = stored(codeA);
			TermConcept b = stored(codeB);
			if (a.getId().equals(b.getId())) {
				return ConceptSubsumptionOutcome.EQUIVALENT;
			}
			if (hasAncestor(b, a)) {
				return ConceptSubsumptionOutcome.SUBSUMES;
			}
			if (hasAncestor(a, b)) {
				return ConceptSubsumptionOutcome.SUBSUMEDBY;
			}
			return ConceptSubsumptionOutcome.NOTSUBSUMED;
		});
	}

	private TermConcept stored(Code code) {
		return terminology.findCode(code.systemIdentifier(), code.code())
				.orElseThrow(() -> new InvalidRequestException("Unknown code: " + code));
	}

	/** HAPI keeps every ancestor's PID, space-separated ("NONE" for a root), on each concept. */
	private static boolean hasAncestor(TermConcept concept, TermConcept ancestor) {
		String ancestors = concept.getParentPidsAsString();
		return ancestors != null && Arrays.asList(ancestors.split(" ")).contains(ancestor.getId().toString());
	}
}
