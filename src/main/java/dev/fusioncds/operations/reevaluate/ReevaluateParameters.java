package dev.fusioncds.operations.reevaluate;

import ca.uhn.fhir.model.api.IModelJson;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Parameters of one re-evaluation job.
 *
 * @param knowledgeVersion the knowledge version the job brings patients to
 * @param onlyStale only patients last evaluated with another version (the start-up run); false
 *     re-runs every patient with fusion results ({@code $reevaluate})
 */
public record ReevaluateParameters(
		@JsonProperty("knowledgeVersion") String knowledgeVersion,
		@JsonProperty("jurisdiction") String jurisdiction,
		@JsonProperty("onlyStale") boolean onlyStale) implements IModelJson {}
