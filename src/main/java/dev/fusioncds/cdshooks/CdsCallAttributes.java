package dev.fusioncds.cdshooks;

/** What a CDS Hooks call leaves on its HTTP request for the components around it (the audit trail). */
public final class CdsCallAttributes {

	/** The call's {@code context.patientId}, once the request was read. */
	public static final String PATIENT_ID = CdsCallAttributes.class.getName() + ".patientId";

	private CdsCallAttributes() {}
}
