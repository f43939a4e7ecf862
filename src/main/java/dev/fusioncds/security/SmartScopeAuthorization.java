package dev.fusioncds.security;

import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderAppliesTo;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * SMART v2 scopes on the FHIR API, enforced by HAPI's AuthorizationInterceptor: reads need a read
 * or search scope, writes a create/update scope, deletes a delete scope; a {@code patient/} scope
 * reaches only the compartment of the token's {@code patient} claim — the patient's suggestions
 * included. {@code $fusion-suggestions} needs a read scope (a patient token: on its own Patient
 * only); {@code $screening-gaps} a {@code user/} or {@code system/} read scope; {@code $feedback} a
 * {@code user/} or {@code system/} Task write scope; {@code $reevaluate} needs a
 * {@code system/} write scope. The token was already verified by Spring Security.
 */
class SmartScopeAuthorization extends AuthorizationInterceptor {

	/** R4's Patient compartment leaves Task out; our suggestion Tasks belong to their patient ({@code Task.for}). */
	private static final CompartmentSearchParameterModifications SUGGESTIONS_IN_COMPARTMENT =
			CompartmentSearchParameterModifications.fromAdditionalCompartmentParamNames("Task", Set.of("patient"));

	SmartScopeAuthorization() {
		super(PolicyEnum.DENY);
	}

	@Override
	public List<IAuthRule> buildRuleList(RequestDetails request) {
		IAuthRuleBuilder rules = new RuleBuilder();
		rules.allow().metadata();
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return rules.denyAll().build();
		}
		String patient = token.getToken().getClaimAsString("patient");
		boolean broadRead = false;
		boolean patientRead = false;
		boolean systemWrite = false;
		boolean taskWrite = false;
		for (SmartScope scope : SmartScope.parse(token.getToken().getClaimAsString("scope"))) {
			boolean patientLevel = "patient".equals(scope.level());
			if (patientLevel && patient == null) {
				continue;
			}
			IdType compartment = patientLevel ? new IdType("Patient", patient) : null;
			if (scope.read()) {
				broadRead |= !patientLevel;
				patientRead |= patientLevel;
				finish(on(rules.allow().read(), scope), compartment);
			}
			if (scope.write()) {
				finish(on(rules.allow().write(), scope), compartment);
				systemWrite |= "system".equals(scope.level());
				taskWrite |= !patientLevel && (scope.allTypes() || "Task".equals(scope.resourceType()));
			}
			if (scope.delete()) {
				finish(on(rules.allow().delete(), scope), compartment);
			}
		}
		rules.allow().transaction().withAnyOperation().andApplyNormalRules();
		if (broadRead) {
			rules.allow().operation().named("$fusion-suggestions").atAnyLevel().andAllowAllResponses();
			// population-wide: never for a patient token
			rules.allow().operation().named("$screening-gaps").onServer().andAllowAllResponses();
		} else if (patientRead) {
			// a patient token asks about its own patient only, at the instance level
			rules.allow().operation().named("$fusion-suggestions").onInstance(new IdType("Patient", patient)).andAllowAllResponses();
		}
		if (taskWrite) {
			// a decision on any patient's suggestion: a patient token cannot be checked against the Task's compartment here
			rules.allow().operation().named("$feedback").onInstancesOfType(Task.class).andAllowAllResponses();
		}
		if (systemWrite) {
			rules.allow().operation().named("$reevaluate").onServer().andAllowAllResponses();
			rules.allow().operation().named("$reevaluate-status").onServer().andAllowAllResponses();
		}
		return rules.denyAll().build();
	}

	private static IAuthRuleBuilderRuleOpClassifier on(IAuthRuleBuilderAppliesTo<IAuthRuleBuilderRuleOpClassifier> rule, SmartScope scope) {
		return scope.allTypes() ? rule.allResources() : rule.resourcesOfType(scope.resourceType());
	}

	private static void finish(IAuthRuleBuilderRuleOpClassifier classifier, IdType compartment) {
		if (compartment == null) {
			classifier.withAnyId();
		} else {
			classifier.inModifiedCompartment("Patient", compartment, SUGGESTIONS_IN_COMPARTMENT);
		}
	}
}
