package dev.fusioncds.ingest;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.fusioncds.suggest.SuggestionResources;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
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

	private final DaoRegistry daos;

	PatientRecord(DaoRegistry daos) {
		this.daos = daos;
	}

	/** The input and our earlier suggestions, for reconciling them (ingest, re-evaluation). */
	public Contents load(String patientRef, RequestDetails request) {
		return load(patientRef, request, ALL_TYPES);
	}

	/** Only what the engine reads (CDS Hooks, {@code $fusion-suggestions}): two searches fewer. */
	public List<Resource> input(String patientRef, RequestDetails request) {
		return load(patientRef, request, INPUT_TYPES).input();
	}

	private Contents load(String patientRef, RequestDetails request, List<String> types) {
		List<Resource> input = new ArrayList<>();
		List<Resource> suggestions = new ArrayList<>();
		try {
			input.add((Resource) daos.getResourceDao("Patient").read(new IdType(patientRef), request));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			// A result may name a patient that is not (or no longer) stored: evaluate what there is.
		}
		for (String type : types) {
			SearchParameterMap map = SearchParameterMap.newSynchronous().add("subject", new ReferenceParam(patientRef));
			for (Object found : daos.getResourceDao(type).searchForResources(map, request)) {
				Resource resource = (Resource) found;
				if (SuggestionResources.isSuggestion(resource)) {
					suggestions.add(resource);
				} else if (INPUT_TYPES.contains(type)) {
					input.add(resource);
				}
			}
		}
		return new Contents(input, suggestions);
	}
}
