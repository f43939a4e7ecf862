package dev.fusioncds.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.Constants;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;

/** OperationOutcome bodies for errors raised outside HAPI's own exception handling (servlet filters). */
public final class OperationOutcomes {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private OperationOutcomes() {}

	/** Answers with an error OperationOutcome as FHIR JSON (UTF-8). */
	public static void send(HttpServletResponse response, int status, String issueCode, String diagnostics) throws IOException {
		response.setStatus(status);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setContentType(Constants.CT_FHIR_JSON_NEW);
		response.getWriter().write(errorJson(issueCode, diagnostics));
	}

	public static String errorJson(String issueCode, String diagnostics) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.fromCode(issueCode))
				.setDiagnostics(diagnostics);
		return FHIR.newJsonParser().encodeResourceToString(outcome);
	}
}
