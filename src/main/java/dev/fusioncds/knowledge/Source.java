package dev.fusioncds.knowledge;

/** Where a fact comes from: a regulator's page, a label, a trial, a paper or a review. */
public record Source(
		String id, String title, String publisher, String date, String url, String citation, String trial, String pmid) {

	/** One line for a card or a citation list. */
	public String label() {
		StringBuilder label = new StringBuilder(title);
		if (publisher != null) {
			label.append(" (").append(publisher).append(date == null ? "" : ", " + date).append(')');
		}
		if (citation != null) {
			label.append(". ").append(citation);
		}
		return label.toString();
	}
}
