package dev.fusioncds.ingest;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.fusioncds.suggest.SuggestionResources;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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

	private final DaoRegistry daos;
	private final JpaStorageSettings storageSettings;
	@PersistenceContext
	private EntityManager entityManager;

	PatientRecord(DaoRegistry daos, JpaStorageSettings storageSettings) {
		this.daos = daos;
		this.storageSettings = storageSettings;
	}

	/** The input and our earlier suggestions, for reconciling them (ingest, re-evaluation). */
	public Contents load(String patientRef, RequestDetails request) {
		return load(patientRef, request, ALL_TYPES);
	}

	/** Only what the engine reads (CDS Hooks, {@code $fusion-suggestions}): two searches fewer. */
	public List<Resource> input(String patientRef, RequestDetails request) {
		return load(patientRef, request, INPUT_TYPES).input();
	}

	private Contents load(String patientRef, RequestDetails request, List<String> types) {
		return Contents.of(flushedOnce(() -> {
			List<IBaseResource> all = withRevIncludes(patientRef, request, types);
			return all.isEmpty() ? bySearchPerType(patientRef, request, types) : all;
		}));
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
	 * The Patient and everything that names it as subject in one search ({@code _id} plus one
	 * {@code _revinclude} per type): one search pipeline and one batched load instead of one per type.
	 * Empty when the patient is not stored, or when the includes reached HAPI's cap (then a page could
	 * be missing, and the caller searches type by type).
	 */
	private List<IBaseResource> withRevIncludes(String patientRef, RequestDetails request, List<String> types) {
		SearchParameterMap map = SearchParameterMap.newSynchronous()
				.add("_id", new TokenParam(new IdType(patientRef).getIdPart()));
		types.forEach(type -> map.addRevInclude(new Include(type + ":subject")));
		List<IBaseResource> found = all(daos.getResourceDao("Patient").search(map, request));
		Integer cap = storageSettings.getMaximumIncludesToLoadPerPage();
		return cap != null && found.size() > cap ? List.of() : found;
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
