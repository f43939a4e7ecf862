package dev.fusioncds.server;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.OperationOutcome;

/** OperationOutcome bodies for errors raised outside HAPI's own exception handling (servlet filters). */
public final class OperationOutcomes {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private OperationOutcomes() {}

	public static String errorJson(String issueCode, String diagnostics) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.fromCode(issueCode))
				.setDiagnostics(diagnostics);
		return FHIR.newJsonParser().encodeResourceToString(outcome);
	}
}
