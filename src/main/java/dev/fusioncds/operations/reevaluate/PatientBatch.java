package dev.fusioncds.operations.reevaluate;

import ca.uhn.fhir.model.api.IModelJson;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One work chunk: patient references to re-evaluate. */
public record PatientBatch(@JsonProperty("patients") List<String> patients) implements IModelJson {}
