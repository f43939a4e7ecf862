package dev.fusioncds.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import org.junit.jupiter.api.Test;

/**
 * SMART {@code patient/} scopes reach a patient's compartment only (security/SmartScopeAuthorization);
 * the audit trail relies on R4 placing AuditEvent in it through the {@code patient} search
 * parameter, which covers the entity BALP and we record the patient in (HAPI adds {@code agent};
 * our agents name clients and users by identifier, never a Patient).
 */
class AuditEventCompartmentTest {

	@Test
	void auditEventsBelongToThePatientCompartmentThroughTheirPatientEntity() {
		var auditEvent = FhirContext.forR4Cached().getResourceDefinition("AuditEvent");

		assertThat(auditEvent.getSearchParamsForCompartmentName("Patient")).extracting(RuntimeSearchParam::getName)
				.contains("patient");
		assertThat(auditEvent.getSearchParam("patient").getPath()).contains("AuditEvent.entity.what");
	}
}
