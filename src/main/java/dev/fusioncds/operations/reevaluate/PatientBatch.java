package dev.fusioncds.operations.reevaluate;

import ca.uhn.fhir.model.api.IModelJson;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One work chunk: patient references to re-evaluate, and how many the whole job lists (for the
 * progress line; 0 in chunks stored by an older version).
 */
public record PatientBatch(@JsonProperty("patients") List<String> patients, @JsonProperty("jobTotal") int jobTotal)
		implements IModelJson {}
