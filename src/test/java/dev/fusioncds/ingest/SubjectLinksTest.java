package dev.fusioncds.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class SubjectLinksTest {

	static final FhirContext FHIR = FhirContext.forR4Cached();
	static final SubjectLinks BUILT_IN = new SubjectLinks(FHIR, PatientRecord.ALL_TYPES,
			type -> FHIR.getResourceDefinition(type).getSearchParam("subject"));

	@Test
	void placesEachResourceWithThePatientItsSubjectNamesHoweverTheReferenceIsWritten() {
		Patient a = patient("a");
		Patient b = patient("b");
		Observation relative = observation("o1", "Patient/a");
		Observation absolute = observation("o2", "http://localhost:8080/fhir/Patient/b");
		Observation versioned = observation("o3", "Patient/a/_history/2");
		Task task = new Task();
		task.setId("Task/t1");
		task.setFor(new Reference("Patient/b"));
		Condition condition = new Condition().setSubject(new Reference("Patient/b"));
		condition.setId("Condition/c1");

		Map<String, List<IBaseResource>> placed = BUILT_IN.byPatient(List.of("Patient/a", "Patient/b"),
				List.of(a, relative, b, absolute, versioned, task, condition));

		assertThat(placed).containsOnlyKeys("Patient/a", "Patient/b");
		assertThat(placed.get("Patient/a")).containsExactly(a, relative, versioned);
		assertThat(placed.get("Patient/b")).containsExactly(b, absolute, task, condition);
	}

	@Test
	void placesNothingWhenOneResourceNamesNoneOfThePatients() {
		assertThat(BUILT_IN.byPatient(List.of("Patient/a", "Patient/b"),
				List.of(patient("a"), observation("o1", "Patient/a"), observation("o2", "Patient/c")))).isEmpty();
		assertThat(BUILT_IN.byPatient(List.of("Patient/a"), List.of(patient("a"), observation("o1", null)))).isEmpty();
		assertThat(BUILT_IN.byPatient(List.of("Patient/a"), List.of(patient("a"), observation("o1", "Group/a")))).isEmpty();
		// A Task names its patient in for, not in focus.
		Task focused = new Task().setFocus(new Reference("Patient/a"));
		focused.setId("Task/t1");
		assertThat(BUILT_IN.byPatient(List.of("Patient/a"), List.of(patient("a"), focused))).isEmpty();
	}

	@Test
	void aSubjectParameterOverriddenByAnotherElementIsNotTakenForTheBuiltInOne() {
		SubjectLinks overridden = new SubjectLinks(FHIR, PatientRecord.ALL_TYPES, type -> "Observation".equals(type)
				? FHIR.getResourceDefinition(type).getSearchParam("focus") : FHIR.getResourceDefinition(type).getSearchParam("subject"));
		SubjectLinks removed = new SubjectLinks(FHIR, PatientRecord.ALL_TYPES,
				type -> "Task".equals(type) ? null : FHIR.getResourceDefinition(type).getSearchParam("subject"));

		assertThat(BUILT_IN.asBuiltIn()).isTrue();
		assertThat(overridden.asBuiltIn()).isFalse();
		assertThat(removed.asBuiltIn()).isFalse();
	}

	private static Patient patient(String id) {
		Patient patient = new Patient();
		patient.setId("Patient/" + id);
		return patient;
	}

	private static Observation observation(String id, String subject) {
		Observation observation = new Observation();
		observation.setId("Observation/" + id);
		if (subject != null) {
			observation.setSubject(new Reference(subject));
		}
		return observation;
	}
}
