package dev.fusioncds.cdshooks;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServicesJson;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The services we offer and the data each needs. Prefetch keys are also what the server fetches
 * from {@code fhirServer} when a client leaves a key out.
 */
public final class CdsServiceCatalog {

	static final String PATIENT_VIEW = "fusion-patient-view";
	static final String ORDER_SIGN = "fusion-order-sign";
	/** Request extension naming the jurisdiction whose approvals count (US, EU, CN, JP). */
	static final String JURISDICTION_EXTENSION = "dev.fusion-cds.jurisdiction";

	public static final String PATIENT_ID = "{{context.patientId}}";

	/** Prefetch key → template; every service reads the same patient data. */
	public static final Map<String, String> PREFETCH;

	static {
		Map<String, String> prefetch = new LinkedHashMap<>();
		prefetch.put("patient", "Patient/" + PATIENT_ID);
		prefetch.put("conditions", "Condition?patient=" + PATIENT_ID);
		prefetch.put("observations", "Observation?patient=" + PATIENT_ID);
		prefetch.put("reports", "DiagnosticReport?patient=" + PATIENT_ID);
		prefetch.put("medicationStatements", "MedicationStatement?patient=" + PATIENT_ID);
		prefetch.put("medicationRequests", "MedicationRequest?patient=" + PATIENT_ID);
		prefetch.put("medicationAdministrations", "MedicationAdministration?patient=" + PATIENT_ID);
		PREFETCH = Collections.unmodifiableMap(prefetch);
	}

	private static final String USAGE = "Send the declared prefetch, or fhirServer with fhirAuthorization (read access to "
			+ "the prefetch resources) so the service can fetch what is missing; without either it answers 412. "
			+ "Optional request extension \"" + JURISDICTION_EXTENSION + "\": US, EU, CN or JP.";

	private final Map<String, FusionCdsService> services = new LinkedHashMap<>();

	CdsServiceCatalog() {
		add(PATIENT_VIEW, "patient-view", "Gene-fusion therapy and testing suggestions",
				"Cards for the patient's NRG1 and NTRK1/2/3 fusion results: targeted therapy where approved in the "
						+ "jurisdiction (zenocutuzumab, larotrectinib, entrectinib, repotrectinib), trial and access routes, RNA "
						+ "retesting after DNA-only negatives, confirmation of IHC/FISH screens, and findings that need review.");
		add(ORDER_SIGN, "order-sign", "Gene-fusion order check",
				"Checks orders being signed: a DNA-only fusion panel where RNA-based NGS is needed, and a fusion-targeted drug "
						+ "ordered without a qualifying detected fusion on record.");
	}

	private void add(String id, String hook, String title, String description) {
		FusionCdsService service = new FusionCdsService().usageRequirements(USAGE);
		service.setId(id);
		service.setHook(hook);
		service.setTitle(title);
		service.setDescription(description);
		PREFETCH.forEach(service::addPrefetch);
		services.put(id, service);
	}

	Optional<FusionCdsService> service(String id) {
		return Optional.ofNullable(services.get(id));
	}

	CdsServicesJson discovery() {
		CdsServicesJson discovery = new CdsServicesJson();
		services.values().forEach(discovery::addService);
		return discovery;
	}
}
