package dev.fusioncds.operations.suggestions;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.fusioncds.ingest.PatientRecord;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.suggest.EngineProperties;
import dev.fusioncds.suggest.Evaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * {@code $fusion-suggestions}: the engine as a read-only FHIR operation. A posted Bundle is
 * evaluated as given; a patient reference (or the Patient instance) is evaluated from the store.
 * Nothing is written, so the answer for stored data equals what ingest stored (same ids).
 */
@Component
public class FusionSuggestionsProvider {

	static final String CANONICAL = "https://fusion-cds.dev/fhir/OperationDefinition/fusion-suggestions";

	private final Evaluator evaluator;
	private final PatientRecord record;
	private final Jurisdiction defaultJurisdiction;

	FusionSuggestionsProvider(Evaluator evaluator, PatientRecord record, EngineProperties properties) {
		this.evaluator = evaluator;
		this.record = record;
		this.defaultJurisdiction = properties.jurisdiction();
	}

	@Operation(name = "$fusion-suggestions", idempotent = true, canonicalUrl = CANONICAL)
	public Bundle forData(
			@OperationParam(name = "bundle", max = 1) Bundle bundle,
			@OperationParam(name = "patient", max = 1) Reference patient,
			@OperationParam(name = "jurisdiction", max = 1) CodeType jurisdiction,
			RequestDetails request) {
		if ((bundle == null) == (patient == null)) {
			throw new InvalidRequestException("$fusion-suggestions needs exactly one of the parameters 'bundle' and 'patient'");
		}
		Jurisdiction where = jurisdiction(jurisdiction);
		if (bundle != null) {
			return collection(evaluator.evaluate(resourcesOf(bundle), where), request);
		}
		return forStoredPatient(patientId(patient), where, request);
	}

	@Operation(name = "$fusion-suggestions", idempotent = true, typeName = "Patient", canonicalUrl = CANONICAL)
	public Bundle forPatient(
			@IdParam IdType patient,
			@OperationParam(name = "jurisdiction", max = 1) CodeType jurisdiction,
			RequestDetails request) {
		return forStoredPatient(new IdType("Patient", patient.getIdPart()), jurisdiction(jurisdiction), request);
	}

	private Bundle forStoredPatient(IdType patient, Jurisdiction where, RequestDetails request) {
		List<Resource> input = record.input(patient.getValue(), request);
		if (input.stream().noneMatch(r -> "Patient".equals(r.fhirType()))) {
			throw new ResourceNotFoundException(patient);
		}
		return collection(evaluator.evaluate(input, where), request);
	}

	private Jurisdiction jurisdiction(CodeType code) {
		if (code == null || !code.hasValue()) {
			return defaultJurisdiction;
		}
		return Jurisdiction.fromCode(code.getValue()).orElseThrow(() -> new InvalidRequestException(
				"Unknown jurisdiction '" + code.getValue() + "'; use one of " + Arrays.toString(Jurisdiction.values())));
	}

	private static IdType patientId(Reference patient) {
		IdType id = new IdType(patient.getReference());
		if (!patient.hasReference() || !"Patient".equals(id.getResourceType()) || !id.hasIdPart()) {
			throw new InvalidRequestException("'patient' must reference a stored Patient as Patient/[id]");
		}
		return id.toUnqualifiedVersionless();
	}

	private static List<Resource> resourcesOf(Bundle bundle) {
		List<Resource> resources = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() == null) {
				throw new InvalidRequestException("Every entry of 'bundle' needs a resource");
			}
			resources.add(entry.getResource());
		}
		if (resources.isEmpty()) {
			throw new InvalidRequestException("'bundle' has no entries: post the patient's data to evaluate");
		}
		return resources;
	}

	private static Bundle collection(Evaluator.Result result, RequestDetails request) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		String base = request.getFhirServerBase();
		for (Resource resource : result.resources()) {
			bundle.addEntry().setFullUrl(base + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart())
					.setResource(resource);
		}
		return bundle;
	}
}
