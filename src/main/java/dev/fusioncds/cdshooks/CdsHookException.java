package dev.fusioncds.cdshooks;

import org.springframework.http.HttpStatus;

/** A CDS Hooks request we refuse, with the status and a message that names what to fix. */
class CdsHookException extends RuntimeException {

	private final HttpStatus status;

	CdsHookException(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	HttpStatus status() {
		return status;
	}
}
