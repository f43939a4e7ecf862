package dev.fusioncds.suggest;

import dev.fusioncds.knowledge.Drug;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.Source;
import dev.fusioncds.knowledge.TestDefinition;
import dev.fusioncds.rules.Suggestion;
import dev.fusioncds.rules.SuggestionKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * Suggestion → FHIR, in Genomics Reporting IG shapes: a TherapeuticImplication Observation, a
 * MedicationRecommendation or FollowupRecommendation Task, a MedicationRequest / ServiceRequest
 * proposal, and a Provenance back to the input results. Every resource carries the suggestion-kind
 * tag, a deterministic id and (where the type has one) the deterministic business identifier.
 */
public final class SuggestionResources {

	public static final String KIND_SYSTEM = "https://fusion-cds.dev/fhir/CodeSystem/suggestion-kind";
	public static final String IDENTIFIER_SYSTEM = "https://fusion-cds.dev/fhir/sid/suggestion";
	public static final String DRUG_SYSTEM = "https://fusion-cds.dev/fhir/CodeSystem/drug";
	public static final String RULE_SYSTEM = "https://fusion-cds.dev/fhir/CodeSystem/rule";
	public static final String TUMOR_TYPE_SYSTEM = "https://fusion-cds.dev/fhir/CodeSystem/tumor-type";
	public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	/** Every emitted resource's id starts with this; clients' own ids never need it. */
	public static final String ID_PREFIX = "fcds-";
	static final String GRIG = "http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/";
	/** The Genomics Reporting IG profiles our output claims: served as StructureDefinitions beside ours. */
	public static final List<String> CLAIMED_IG_PROFILES =
			List.of(GRIG + "therapeutic-implication", GRIG + "medication-recommendation", GRIG + "followup-recommendation");
	/** Our profiles (fhir-profiles/), for what the Genomics Reporting IG does not profile. */
	public static final String PROFILES = "https://fusion-cds.dev/fhir/StructureDefinition/";
	static final String TBD_CODES = "http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs";
	static final String LOINC = "http://loinc.org";

	private final KnowledgeBase knowledge;

	public SuggestionResources(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
	}

	/**
	 * @param patient reference of the patient the findings are about
	 * @param tumorTypes the patient's tumor type ids: the Task's reasonCode, so worklists can filter by tumor
	 * @param sourceVersions version id of each source result reference, where known: an amended
	 *     result (new version) yields new identifiers, so its old suggestions are superseded
	 */
	public List<Resource> toResources(Suggestion suggestion, String patient, Collection<String> tumorTypes, Date recorded,
			Map<String, String> sourceVersions) {
		String key = key(suggestion, sourceVersions);
		List<Resource> out = new ArrayList<>();
		Observation implication = null;
		if (suggestion.kind() == SuggestionKind.THERAPY || suggestion.kind() == SuggestionKind.TRIAL) {
			implication = implication(suggestion, patient, key);
			out.add(implication);
		}
		Resource request = switch (suggestion.kind()) {
			case THERAPY -> medicationRequest(suggestion, patient, key);
			case RETEST -> serviceRequest(suggestion, patient, key);
			default -> null;
		};
		if (request != null) {
			out.add(request);
		}
		out.add(task(suggestion, patient, key, implication, request, tumorTypes));
		out.add(provenance(suggestion, key, out, recorded));
		return out;
	}

	/** True for an id under our prefix: one the engine gives what it emits (a client may have written it, too). */
	public static boolean isOurId(String id) {
		return id != null && id.startsWith(ID_PREFIX);
	}

	/** True for a resource the engine emitted (it carries the suggestion-kind tag). */
	public static boolean isSuggestion(Resource resource) {
		return resource.getMeta().getTag().stream().anyMatch(t -> KIND_SYSTEM.equals(t.getSystem()));
	}

	static String key(Suggestion suggestion, Map<String, String> sourceVersions) {
		StringBuilder identity = new StringBuilder(suggestion.identityKey());
		suggestion.sourceFindings().forEach(source -> identity.append('|').append(sourceVersions.getOrDefault(source, "")));
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 12);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private <T extends Resource> T stamp(T resource, Suggestion suggestion, String key, String role) {
		resource.setId(ID_PREFIX + key + "-" + role);
		resource.getMeta().addTag(KIND_SYSTEM, suggestion.kind().code(), null);
		resource.getMeta().addTag(RULE_SYSTEM, suggestion.ruleId(), null);
		return resource;
	}

	private static String identifier(String key, String role) {
		return key + "-" + role;
	}

	private Observation implication(Suggestion suggestion, String patient, String key) {
		Observation observation = stamp(new Observation(), suggestion, key, "implication");
		observation.getMeta().addProfile(GRIG + "therapeutic-implication");
		observation.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifier(key, "implication"));
		observation.setStatus(Observation.ObservationStatus.PRELIMINARY);
		observation.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("laboratory");
		observation.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0074").setCode("GE");
		observation.getCode().addCoding().setSystem(TBD_CODES).setCode("therapeutic-implication");
		observation.setSubject(new Reference(patient));
		suggestion.sourceFindings().forEach(source -> observation.addDerivedFrom(new Reference(source)));
		if (suggestion.kind() == SuggestionKind.THERAPY) {
			observation.addComponent()
					.setCode(new CodeableConcept(new Coding(TBD_CODES, "therapeutic-implication", null)))
					.setValue(new CodeableConcept(new Coding(LOINC, "LA6677-4", "Responsive")).setText(suggestion.summary()));
		}
		if (suggestion.drugId() != null) {
			observation.addComponent()
					.setCode(new CodeableConcept(new Coding(LOINC, "51963-7", "Medication assessed")))
					.setValue(medication(suggestion.drugId()));
		}
		if (suggestion.evidence().level() != null) {
			observation.addComponent()
					.setCode(new CodeableConcept(new Coding(LOINC, "93044-6", "Level of evidence")))
					.setValue(new CodeableConcept().setText(suggestion.evidence().level()));
		}
		observation.addComponent()
				.setCode(new CodeableConcept(new Coding(TBD_CODES, "conclusion-string", null)))
				.setValue(new StringType(suggestion.summary()));
		observation.addNote(note(suggestion));
		return observation;
	}

	private MedicationRequest medicationRequest(Suggestion suggestion, String patient, String key) {
		MedicationRequest request = stamp(new MedicationRequest(), suggestion, key, "medication-request");
		request.getMeta().addProfile(PROFILES + "fusion-medication-proposal");
		request.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifier(key, "medication-request"));
		request.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
		request.setIntent(MedicationRequest.MedicationRequestIntent.PROPOSAL);
		request.setMedication(medication(suggestion.drugId()));
		request.setSubject(new Reference(patient));
		suggestion.sourceFindings().forEach(source -> request.addReasonReference(new Reference(source)));
		request.addNote(note(suggestion));
		return request;
	}

	private ServiceRequest serviceRequest(Suggestion suggestion, String patient, String key) {
		TestDefinition test = knowledge.test(suggestion.testId()).orElseThrow();
		ServiceRequest request = stamp(new ServiceRequest(), suggestion, key, "service-request");
		request.getMeta().addProfile(PROFILES + "fusion-service-proposal");
		request.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifier(key, "service-request"));
		request.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
		request.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL);
		CodeableConcept code = new CodeableConcept().setText(test.display());
		if (test.loinc() != null) {
			code.addCoding().setSystem(LOINC).setCode(test.loinc()).setDisplay(test.display());
		}
		request.setCode(code);
		request.setSubject(new Reference(patient));
		suggestion.sourceFindings().forEach(source -> request.addReasonReference(new Reference(source)));
		request.addNote(note(suggestion));
		return request;
	}

	private Task task(Suggestion suggestion, String patient, String key, Observation implication, Resource request,
			Collection<String> tumorTypes) {
		Task task = stamp(new Task(), suggestion, key, "task");
		task.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifier(key, "task"));
		task.setStatus(Task.TaskStatus.REQUESTED);
		task.setIntent(Task.TaskIntent.PROPOSAL);
		switch (suggestion.kind()) {
			case THERAPY -> {
				task.getMeta().addProfile(GRIG + "medication-recommendation");
				task.setCode(new CodeableConcept(new Coding(LOINC, "LA26421-0", "Consider alternative medication"))
						.setText("Consider targeted therapy"));
			}
			case RETEST -> {
				task.getMeta().addProfile(GRIG + "followup-recommendation");
				task.setCode(new CodeableConcept().setText("Follow-up test: " + knowledge.test(suggestion.testId()).orElseThrow().display()));
			}
			case TRIAL -> {
				task.getMeta().addProfile(PROFILES + "fusion-review-task");
				task.setCode(new CodeableConcept().setText("Clinical trial or access route"));
			}
			case REVIEW -> {
				task.getMeta().addProfile(PROFILES + "fusion-review-task");
				task.setCode(new CodeableConcept().setText("Clinical review"));
			}
		}
		task.setDescription(suggestion.summary());
		task.setFor(new Reference(patient));
		if (request != null) {
			task.setFocus(new Reference(request.fhirType() + "/" + request.getIdElement().getIdPart()));
		}
		task.getReasonReference().setReference(implication != null
				? "Observation/" + implication.getIdElement().getIdPart()
				: suggestion.sourceFindings().get(0));
		if (!tumorTypes.isEmpty()) {
			CodeableConcept tumors = task.getReasonCode();
			tumorTypes.stream().sorted().map(knowledge::tumorType).flatMap(Optional::stream)
					.forEach(tumor -> tumors.addCoding(new Coding(TUMOR_TYPE_SYSTEM, tumor.id(), tumor.name())));
			tumors.setText(String.join(", ", tumors.getCoding().stream().map(Coding::getDisplay).toList()));
		}
		task.addNote(note(suggestion));
		return task;
	}

	private Provenance provenance(Suggestion suggestion, String key, List<Resource> targets, Date recorded) {
		Provenance provenance = stamp(new Provenance(), suggestion, key, "provenance");
		provenance.getMeta().addProfile(PROFILES + "fusion-suggestion-provenance");
		targets.forEach(t -> provenance.addTarget(new Reference(t.fhirType() + "/" + t.getIdElement().getIdPart())));
		provenance.setRecorded(recorded);
		provenance.addAgent().setWho(new Reference().setDisplay("Fusion CDS engine, knowledge " + suggestion.knowledgeVersion()));
		suggestion.sourceFindings().forEach(source -> provenance.addEntity()
				.setRole(Provenance.ProvenanceEntityRole.SOURCE)
				.setWhat(new Reference(source)));
		provenance.getPolicy().add(new org.hl7.fhir.r4.model.UriType(RULE_SYSTEM + "#" + suggestion.ruleId()));
		return provenance;
	}

	private CodeableConcept medication(String drugId) {
		Drug drug = knowledge.drug(drugId).orElseThrow();
		CodeableConcept concept = new CodeableConcept().setText(drug.name());
		if (drug.rxnorm() != null) {
			concept.addCoding().setSystem(RXNORM).setCode(drug.rxnorm()).setDisplay(drug.name());
		}
		concept.addCoding().setSystem(DRUG_SYSTEM).setCode(drug.id()).setDisplay(drug.name());
		return concept;
	}

	private static Annotation note(Suggestion suggestion) {
		return new Annotation().setText(explanation(suggestion));
	}

	/**
	 * The suggestion explained in markdown (FHIR's Annotation.text is markdown, so is a card's
	 * detail): rationale, regulatory status, evidence level, sources with links, rule.
	 */
	public static String explanation(Suggestion suggestion) {
		StringBuilder md = new StringBuilder(suggestion.rationale());
		if (suggestion.evidence().regulatorStatus() != null) {
			md.append("\n\n**Regulatory status:** ").append(suggestion.evidence().regulatorStatus());
		}
		if (suggestion.evidence().level() != null) {
			md.append("\n\n**Evidence level:** ").append(suggestion.evidence().level());
		}
		md.append("\n\n**Sources:**");
		for (Source citation : suggestion.citations()) {
			md.append("\n- ").append(citation.url() == null ? citation.label() : "[" + citation.label() + "](" + citation.url() + ")");
		}
		md.append("\n\n_Rule ").append(suggestion.ruleId()).append("_");
		return md.toString();
	}

}
