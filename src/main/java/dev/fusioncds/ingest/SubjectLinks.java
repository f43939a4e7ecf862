package dev.fusioncds.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which patient a resource of a record's types names as subject: the element each type's
 * {@code subject} search parameter reads (Task's is {@code for}), which is what HAPI links the
 * resource to the patient by, and so the link a {@code _revinclude} of that parameter follows. That
 * holds only while every such parameter is HAPI's built-in one: a SearchParameter stored to
 * override one may link by another element, and then no resource is placed by its subject.
 */
@Component
class SubjectLinks {

	private final FhirTerser terser;
	/** Per type, the built-in parameter's path ({@code Task.for}) and the element it reads ({@code for}). */
	private final Map<String, String> paths = new HashMap<>();
	private final Map<String, String> elements = new HashMap<>();
	private final Function<String, RuntimeSearchParam> active;

	@Autowired
	SubjectLinks(FhirContext fhirContext, ISearchParamRegistry searchParams) {
		this(fhirContext, PatientRecord.ALL_TYPES,
				type -> searchParams.getActiveSearchParam(type, "subject", ISearchParamRegistry.SearchParamLookupContextEnum.INDEX));
	}

	/** @param active the {@code subject} parameter HAPI indexes a type's resources with now */
	SubjectLinks(FhirContext fhirContext, Collection<String> types, Function<String, RuntimeSearchParam> active) {
		this.terser = fhirContext.newTerser();
		this.active = active;
		for (String type : types) {
			String path = fhirContext.getResourceDefinition(type).getSearchParam("subject").getPath();
			if (!path.matches(type + "\\.[a-z][A-Za-z]*")) {
				throw new IllegalStateException(type + ":subject reads " + path + ", not one element");
			}
			paths.put(type, path);
			elements.put(type, path.substring(type.length() + 1));
		}
	}

	/** Whether every type's {@code subject} parameter is still the built-in one, so resources can be placed by it. */
	boolean asBuiltIn() {
		for (Map.Entry<String, String> type : paths.entrySet()) {
			RuntimeSearchParam now = active.apply(type.getKey());
			if (now == null || !type.getValue().equals(now.getPath())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The resources by the patient each is (a Patient) or names as subject; empty if any names none
	 * of the patients given, so that nothing is placed by a link the search did not follow.
	 */
	Map<String, List<IBaseResource>> byPatient(Collection<String> patientRefs, List<IBaseResource> found) {
		Map<String, List<IBaseResource>> byPatient = new HashMap<>();
		for (IBaseResource resource : found) {
			String patient = patientOf((Resource) resource);
			if (patient == null || !patientRefs.contains(patient)) {
				return Map.of();
			}
			byPatient.computeIfAbsent(patient, p -> new ArrayList<>()).add(resource);
		}
		return byPatient;
	}

	private String patientOf(Resource resource) {
		if (resource instanceof Patient) {
			return resource.getIdElement().toUnqualifiedVersionless().getValue();
		}
		String element = elements.get(resource.fhirType());
		Reference subject = element == null ? null : terser.getSingleValueOrNull(resource, element, Reference.class);
		return subject == null || !subject.hasReference() || !"Patient".equals(subject.getReferenceElement().getResourceType())
				? null : subject.getReferenceElement().toUnqualifiedVersionless().getValue();
	}
}
