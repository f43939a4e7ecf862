package dev.fusioncds.server;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;

/**
 * With {@code fusion.search.token-text=false} (the default) the store does not index the words of
 * codes (Coding.display, CodeableConcept.text) beside the codes, which every write paid for and no
 * search of ours uses (the Observations of a GRIG report: 31 of their 70 token and string index
 * rows; a CDS call's AuditEvent: 5 of 20). A search with the {@code :text} modifier on a token
 * parameter would then find nothing without saying so; it is refused instead.
 */
class TokenTextSearchRefusal {

	private final ISearchParamRegistry searchParameters;

	TokenTextSearchRefusal(ISearchParamRegistry searchParameters) {
		this.searchParameters = searchParameters;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean refuseTokenText(RequestDetails request) {
		String type = request.getResourceName();
		if (type == null || request.getParameters() == null) {
			return true;
		}
		for (String name : request.getParameters().keySet()) {
			if (name.endsWith(":text") && isToken(type, name.substring(0, name.length() - ":text".length()))) {
				throw new InvalidRequestException("'" + name + "': the :text modifier on token parameters is not supported by this "
						+ "server (the words of codes are not indexed; an operator can index them with fusion.search.token-text=true). "
						+ "Search by code instead, e.g. " + name.substring(0, name.length() - ":text".length()) + "=system|code");
			}
		}
		return true;
	}

	private boolean isToken(String type, String name) {
		RuntimeSearchParam parameter = searchParameters.getRuntimeSearchParam(type, name,
				ISearchParamRegistry.SearchParamLookupContextEnum.SEARCH);
		return parameter != null && parameter.getParamType() == RestSearchParameterTypeEnum.TOKEN;
	}
}
