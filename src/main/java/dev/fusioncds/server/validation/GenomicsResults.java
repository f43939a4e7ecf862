package dev.fusioncds.server.validation;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;

/** Which stored resources count as genomics results (Genomics Reporting IG conventions). */
public final class GenomicsResults {

	public static final String GENETICS_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0074";
	public static final String GENETICS_CATEGORY_CODE = "GE";
	public static final String GRIG_CANONICAL = "http://hl7.org/fhir/uv/genomics-reporting/";

	private GenomicsResults() {}

	/** An Observation or DiagnosticReport in the genetics category or claiming a GRIG profile. */
	public static boolean isGenomicsResult(IBaseResource resource) {
		if (resource instanceof Observation observation) {
			return inGeneticsCategory(observation.getCategory()) || claimsGrigProfile(resource);
		}
		if (resource instanceof DiagnosticReport report) {
			return inGeneticsCategory(report.getCategory()) || claimsGrigProfile(resource);
		}
		return false;
	}

	private static boolean inGeneticsCategory(List<CodeableConcept> categories) {
		return categories.stream()
				.flatMap(category -> category.getCoding().stream())
				.anyMatch(c -> GENETICS_CATEGORY_SYSTEM.equals(c.getSystem()) && GENETICS_CATEGORY_CODE.equals(c.getCode()));
	}

	private static boolean claimsGrigProfile(IBaseResource resource) {
		return resource.getMeta().getProfile().stream()
				.anyMatch(profile -> profile.getValueAsString() != null
						&& profile.getValueAsString().startsWith(GRIG_CANONICAL));
	}
}
