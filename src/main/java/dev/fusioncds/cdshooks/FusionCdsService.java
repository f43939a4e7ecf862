package dev.fusioncds.cdshooks;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HAPI's discovery entry plus the spec's {@code usageRequirements}, which HAPI's model lacks. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
class FusionCdsService extends CdsServiceJson {

	@JsonProperty("usageRequirements")
	private String usageRequirements;

	FusionCdsService usageRequirements(String text) {
		this.usageRequirements = text;
		return this;
	}
}
