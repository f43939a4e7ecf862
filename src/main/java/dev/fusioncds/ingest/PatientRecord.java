package dev.fusioncds.ingest;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.fusioncds.suggest.SuggestionResources;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Everything the engine reads about one patient from the store, split into the clinical input and
 * the suggestions we emitted earlier. Runs inside the caller's transaction, so it sees the writes
 * of the request being committed.
 */
@Component
public class PatientRecord {

	/** Resource types the engine reads as input, each searched by {@code subject}. */
	static final List<String> INPUT_TYPES = List.of("Condition", "Observation", "DiagnosticReport",
			"MedicationStatement", "MedicationRequest", "MedicationAdministration");
	/** Input types plus the types only we emit (Observation and MedicationRequest hold both). */
	static final List<String> ALL_TYPES =
			Stream.concat(INPUT_TYPES.stream(), Stream.of("ServiceRequest", "Task")).toList();

	/** @param input the patient's clinical data; @param suggestions our earlier output for the patient */
	public record Contents(List<Resource> input, List<Resource> suggestions) {

		/**
		 * The Patient first, then by type and by when each was first stored (HAPI's resource id): one
		 * order whether the record was read back (which no database promises in any order) or taken
		 * from a transaction. Evaluation is not indifferent to it: a suggestion quotes the first stage
		 * phrase it finds, and its id hashes what it says, so another order would supersede it.
		 */
		private static final Comparator<Resource> ORDER = Comparator.comparing((Resource r) -> !(r instanceof Patient))
				.thenComparing(Resource::fhirType)
				.thenComparing(IDao.RESOURCE_PID::get, Comparator.nullsLast(Comparator.naturalOrder()));

		/** The Patient and its resources of the input types as input (in {@link #ORDER}), our suggestions apart; anything else left out. */
		static Contents of(Collection<? extends IBaseResource> found) {
			List<Resource> input = new ArrayList<>();
			List<Resource> suggestions = new ArrayList<>();
			for (IBaseResource each : found) {
				Resource resource = (Resource) each;
				if (SuggestionResources.isSuggestion(resource)) {
					suggestions.add(resource);
				} else if (resource instanceof Patient || INPUT_TYPES.contains(resource.fhirType())) {
					input.add(resource);
				}
			}
			input.sort(ORDER);
			return new Contents(input, suggestions);
		}
	}

	private static final int PAGE = 500;
	/**
	 * Patients read in one search: a lab batch's worth, few enough that their records stay under
	 * HAPI's include cap (1,000 by default), past which each is read alone.
	 */
	private static final int PATIENTS_PER_SEARCH = 20;

	private final DaoRegistry daos;
	private final JpaStorageSettings storageSettings;
	private final SubjectLinks subjects;
	@PersistenceContext
	private EntityManager entityManager;

	PatientRecord(DaoRegistry daos, JpaStorageSettings storageSettings, SubjectLinks subjects) {
		this.daos = daos;
		this.storageSettings = storageSettings;
		this.subjects = subjects;
	}

	/** The input and our earlier suggestions, for reconciling them (ingest, re-evaluation). */
	public Contents load(String patientRef, RequestDetails request) {
		return load(patientRef, request, ALL_TYPES);
	}

	/** Only what the engine reads (CDS Hooks, {@code $fusion-suggestions}): two searches fewer. */
	public List<Resource> input(String patientRef, RequestDetails request) {
		return load(patientRef, request, INPUT_TYPES).input();
	}

	/**
	 * The records of several patients, as {@link #load} gives each, from one flush and one search per
	 * {@link #PATIENTS_PER_SEARCH} patients (a transaction of later reports for ten stored patients:
	 * one search instead of ten). Each resource found goes to the patient its {@code subject} names,
	 * the link the search followed ({@link SubjectLinks}). Read one by one instead: a patient the
	 * search did not find, and all of them if a resource names none of them, if the includes reached
	 * HAPI's cap or if the {@code subject} parameters are not the built-in ones.
	 */
	public Map<String, Contents> loadEach(List<String> patientRefs, RequestDetails request) {
		return flushedOnce(() -> {
			Map<String, Contents> records = new LinkedHashMap<>();
			boolean together = subjects.asBuiltIn();
			for (int from = 0; from < patientRefs.size(); from += PATIENTS_PER_SEARCH) {
				List<String> some = patientRefs.subList(from, Math.min(patientRefs.size(), from + PATIENTS_PER_SEARCH));
				read(some, together, request, records);
			}
			return records;
		});
	}

	/** The patients' records into {@code records}: in one search if {@code together}, else (and where that fails) one by one. */
	private void read(List<String> patientRefs, boolean together, RequestDetails request, Map<String, Contents> records) {
		List<IBaseResource> found = together && patientRefs.size() > 1 ? withRevIncludes(patientRefs, request, ALL_TYPES) : null;
		Map<String, List<IBaseResource>> byPatient = found == null ? Map.of() : subjects.byPatient(patientRefs, found);
		for (String patientRef : patientRefs) {
			List<IBaseResource> own = byPatient.get(patientRef);
			boolean stored = own != null && own.stream().anyMatch(Patient.class::isInstance);
			records.put(patientRef, Contents.of(stored ? own : read(patientRef, request, ALL_TYPES)));
		}
	}

	private Contents load(String patientRef, RequestDetails request, List<String> types) {
		return Contents.of(flushedOnce(() -> read(patientRef, request, types)));
	}

	/** One patient's record, the session flushed by the caller. */
	private List<IBaseResource> read(String patientRef, RequestDetails request, List<String> types) {
		List<IBaseResource> all = withRevIncludes(List.of(patientRef), request, types);
		return all == null || all.isEmpty() ? bySearchPerType(patientRef, request, types) : all;
	}

	/**
	 * Runs the searches with the caller's writes flushed once, not before each query: inside an
	 * ingest transaction the session holds everything the request wrote, and Hibernate dirty-checked
	 * all of it before every one of a record's ten or so queries (JFR: three quarters of reading a
	 * record on ingest). Nothing is written while the searches run.
	 */
	private <T> T flushedOnce(Supplier<T> searches) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			return searches.get();
		}
		Session session = entityManager.unwrap(Session.class);
		session.flush();
		FlushMode mode = session.getHibernateFlushMode();
		session.setHibernateFlushMode(FlushMode.MANUAL);
		try {
			return searches.get();
		} finally {
			session.setHibernateFlushMode(mode);
		}
	}

	/**
	 * The Patients and everything that names them as subject in one search ({@code _id} plus one
	 * {@code _revinclude} per type): one search pipeline and one batched load instead of one per type.
	 * Empty when no patient is stored; null when the includes reached HAPI's cap (then some could
	 * be missing).
	 */
	private List<IBaseResource> withRevIncludes(List<String> patientRefs, RequestDetails request, List<String> types) {
		TokenOrListParam ids = new TokenOrListParam();
		patientRefs.forEach(patientRef -> ids.add(null, new IdType(patientRef).getIdPart()));
		SearchParameterMap map = SearchParameterMap.newSynchronous().add("_id", ids);
		types.forEach(type -> map.addRevInclude(new Include(type + ":subject")));
		List<IBaseResource> found = all(daos.getResourceDao("Patient").search(map, request));
		Integer cap = storageSettings.getMaximumIncludesToLoadPerPage();
		return cap != null && found.size() > cap ? null : found;
	}

	/**
	 * Every resource a search found. HAPI answers a synchronous search whose includes grow large with
	 * a result of unknown size, which cannot be read at once: that one is read page by page.
	 */
	private static List<IBaseResource> all(IBundleProvider results) {
		if (results.size() != null) {
			return results.getAllResources();
		}
		List<IBaseResource> found = new ArrayList<>();
		for (int from = 0; ; from += PAGE) {
			List<IBaseResource> page = results.getResources(from, from + PAGE);
			found.addAll(page);
			if (page.size() < PAGE) {
				return found;
			}
		}
	}

	private List<IBaseResource> bySearchPerType(String patientRef, RequestDetails request, List<String> types) {
		List<IBaseResource> found = new ArrayList<>();
		try {
			found.add(daos.getResourceDao("Patient").read(new IdType(patientRef), request));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			// A result may name a patient that is not (or no longer) stored: evaluate what there is.
		}
		for (String type : types) {
			SearchParameterMap map = SearchParameterMap.newSynchronous().add("subject", new ReferenceParam(patientRef));
			found.addAll(all(daos.getResourceDao(type).search(map, request)));
		}
		return found;
	}
}
