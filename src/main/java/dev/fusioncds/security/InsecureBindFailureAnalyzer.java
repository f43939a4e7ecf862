package dev.fusioncds.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link InsecureBindException} into Spring Boot's short start-up failure report. */
class InsecureBindFailureAnalyzer extends AbstractFailureAnalyzer<InsecureBindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InsecureBindException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Configure a token issuer, bind to loopback, or opt out with fusion.security.allow-insecure=true.", cause);
	}
}
