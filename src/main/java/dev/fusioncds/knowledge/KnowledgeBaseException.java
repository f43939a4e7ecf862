package dev.fusioncds.knowledge;

/** The knowledge files are missing, malformed or inconsistent: the server must not start on them. */
public class KnowledgeBaseException extends RuntimeException {

	public KnowledgeBaseException(String message) {
		super(message);
	}
}
