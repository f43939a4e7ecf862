package dev.fusioncds.server.outage;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the FHIR endpoint, an exception caused by an unreachable database becomes {@code 503} with an
 * OperationOutcome ({@code transient}) and {@code Retry-After}, before HAPI would wrap it as
 * {@code 500}. Other exceptions are left to HAPI.
 */
@Interceptor
public class DatabaseOutageInterceptor {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageInterceptor.class);

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException unavailable(Throwable thrown) {
		if (!DatabaseOutage.isCause(thrown)) {
			return null;
		}
		log.warn("FHIR request answered 503, database unreachable: {}", thrown.toString());
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.TRANSIENT)
				.setDiagnostics(DatabaseOutage.MESSAGE);
		UnclassifiedServerFailureException unavailable = new UnclassifiedServerFailureException(503, DatabaseOutage.MESSAGE, outcome);
		unavailable.addResponseHeader("Retry-After", String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
		return unavailable;
	}
}
