package dev.fusioncds.ingest;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterOr;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.fusioncds.suggest.SuggestionResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * Everything the engine reads about one patient from the store, split into the clinical input and
 * the suggestions we emitted earlier. Runs inside the caller's transaction, so it sees the writes
 * of the request being committed.
 */
@Component
public class PatientRecord {

	/** Resource types the engine reads as input, each searched by {@code subject}. */
	static final List<String> INPUT_TYPES = List.of("Condition", "Observation", "DiagnosticReport",
			"MedicationStatement", "MedicationRequest", "MedicationAdministration");
	/** Input types plus the types only we emit (Observation and MedicationRequest hold both). */
	static final List<String> ALL_TYPES =
			Stream.concat(INPUT_TYPES.stream(), Stream.of("ServiceRequest", "Task")).toList();

	/** @param input the patient's clinical data; @param suggestions our earlier output for the patient */
	public record Contents(List<Resource> input, List<Resource> suggestions) {}

	private static final int PAGE = 500;
	/** A batch search finding this many resources of one type may be cut short: then patients load one by one. */
	static final int BATCH_SEARCH_LIMIT = 5_000;

	private final DaoRegistry daos;
	private final JpaStorageSettings storageSettings;

	PatientRecord(DaoRegistry daos, JpaStorageSettings storageSettings) {
		this.daos = daos;
		this.storageSettings = storageSettings;
	}

	/** The input and our earlier suggestions, for reconciling them (ingest, re-evaluation). */
	public Contents load(String patientRef, RequestDetails request) {
		return load(patientRef, request, ALL_TYPES);
	}

	/** Only what the engine reads (CDS Hooks, {@code $fusion-suggestions}): two searches fewer. */
	public List<Resource> input(String patientRef, RequestDetails request) {
		return load(patientRef, request, INPUT_TYPES).input();
	}

	/**
	 * The records of many patients (re-evaluation): one search per resource type for all of them, each
	 * resource given to the patient its subject names, instead of one search pipeline per patient.
	 * Empty when that cannot be trusted to be complete (a search reached {@link #BATCH_SEARCH_LIMIT}, or
	 * a resource found names no patient of the batch by id); then the caller loads each patient alone.
	 */
	public Optional<Map<String, Contents>> loadAll(List<String> patientRefs, RequestDetails request) {
		Map<String, List<IBaseResource>> found = new LinkedHashMap<>();
		patientRefs.forEach(patient -> found.put(patient, new ArrayList<>()));
		TokenOrListParam ids = new TokenOrListParam();
		ReferenceOrListParam subjects = new ReferenceOrListParam();
		patientRefs.forEach(patient -> {
			ids.addOr(new TokenParam(new IdType(patient).getIdPart()));
			subjects.addOr(new ReferenceParam(patient));
		});
		List<IBaseResource> patients = batchSearch("Patient", "_id", ids, request);
		if (patients == null) {
			return Optional.empty();
		}
		patients.forEach(patient -> addTo(found, "Patient/" + patient.getIdElement().getIdPart(), patient));
		for (String type : ALL_TYPES) {
			List<IBaseResource> ofType = batchSearch(type, "subject", subjects, request);
			if (ofType == null) {
				return Optional.empty();
			}
			for (IBaseResource resource : ofType) {
				Reference subject = resource instanceof Task task ? task.getFor() : (Reference) ((Resource) resource).getNamedProperty("subject")
						.getValues().stream().findFirst().orElse(null);
				if (subject == null || !addTo(found, "Patient/" + subject.getReferenceElement().getIdPart(), resource)) {
					return Optional.empty();
				}
			}
		}
		Map<String, Contents> records = new LinkedHashMap<>();
		found.forEach((patient, resources) -> records.put(patient, contents(resources)));
		return Optional.of(records);
	}

	private List<IBaseResource> batchSearch(String type, String parameter, IQueryParameterOr<?> values,
			RequestDetails request) {
		SearchParameterMap map = SearchParameterMap.newSynchronous().add(parameter, values);
		map.setLoadSynchronousUpTo(BATCH_SEARCH_LIMIT);
		List<IBaseResource> found = all(daos.getResourceDao(type).search(map, request));
		return found.size() >= BATCH_SEARCH_LIMIT ? null : found;
	}

	private static boolean addTo(Map<String, List<IBaseResource>> found, String patient, IBaseResource resource) {
		List<IBaseResource> resources = found.get(patient);
		return resources != null && resources.add(resource);
	}

	private Contents load(String patientRef, RequestDetails request, List<String> types) {
		List<IBaseResource> found = withRevIncludes(patientRef, request, types);
		if (found.isEmpty()) {
			found = bySearchPerType(patientRef, request, types);
		}
		return contents(found);
	}

	private static Contents contents(List<IBaseResource> found) {
		List<Resource> input = new ArrayList<>();
		List<Resource> suggestions = new ArrayList<>();
		for (IBaseResource each : found) {
			Resource resource = (Resource) each;
			if (SuggestionResources.isSuggestion(resource)) {
				suggestions.add(resource);
			} else if (resource instanceof Patient || INPUT_TYPES.contains(resource.fhirType())) {
				input.add(resource);
			}
		}
		return new Contents(input, suggestions);
	}

	/**
	 * The Patient and everything that names it as subject in one search ({@code _id} plus one
	 * {@code _revinclude} per type): one search pipeline and one batched load instead of one per type.
	 * Empty when the patient is not stored, or when the includes reached HAPI's cap (then a page could
	 * be missing, and the caller searches type by type).
	 */
	private List<IBaseResource> withRevIncludes(String patientRef, RequestDetails request, List<String> types) {
		SearchParameterMap map = SearchParameterMap.newSynchronous()
				.add("_id", new TokenParam(new IdType(patientRef).getIdPart()));
		types.forEach(type -> map.addRevInclude(new Include(type + ":subject")));
		List<IBaseResource> found = all(daos.getResourceDao("Patient").search(map, request));
		Integer cap = storageSettings.getMaximumIncludesToLoadPerPage();
		return cap != null && found.size() > cap ? List.of() : found;
	}

	/**
	 * Every resource a search found. HAPI answers a synchronous search whose includes grow large with
	 * a result of unknown size, which cannot be read at once: that one is read page by page.
	 */
	private static List<IBaseResource> all(IBundleProvider results) {
		if (results.size() != null) {
			return results.getAllResources();
		}
		List<IBaseResource> found = new ArrayList<>();
		for (int from = 0; ; from += PAGE) {
			List<IBaseResource> page = results.getResources(from, from + PAGE);
			found.addAll(page);
			if (page.size() < PAGE) {
				return found;
			}
		}
	}

	private List<IBaseResource> bySearchPerType(String patientRef, RequestDetails request, List<String> types) {
		List<IBaseResource> found = new ArrayList<>();
		try {
			found.add(daos.getResourceDao("Patient").read(new IdType(patientRef), request));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			// A result may name a patient that is not (or no longer) stored: evaluate what there is.
		}
		for (String type : types) {
			SearchParameterMap map = SearchParameterMap.newSynchronous().add("subject", new ReferenceParam(patientRef));
			found.addAll(all(daos.getResourceDao(type).search(map, request)));
		}
		return found;
	}
}
