package dev.fusioncds.audit;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.api.svc.ResolveIdentityMode;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import dev.fusioncds.server.outage.DatabaseOutage;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes AuditEvents into our own store through the AuditEvent DAO, as the system (no REST
 * interceptors, so a stored AuditEvent is never itself audited). A batch commits as one
 * transaction; if that fails, each event is tried alone, so one bad event loses only itself. The
 * store refuses references to resources it does not hold (a CDS call about a patient known only
 * to the EHR's prefetch, a deleted resource): such an event names them by identifier instead.
 * What a batch references is looked up, one indexed query per resource, before its first event is written.
 * While the database is unreachable a batch fails at once, as a whole.
 */
class AuditEventStore implements Consumer<List<AuditEvent>> {

	private static final Logger log = LoggerFactory.getLogger(AuditEventStore.class);

	private final IFhirResourceDao<AuditEvent> dao;
	private final IHapiTransactionService transactions;
	private final IIdHelperService<JpaPid> ids;

	AuditEventStore(DaoRegistry daos, IHapiTransactionService transactions, IIdHelperService<JpaPid> ids) {
		this.dao = daos.getResourceDao(AuditEvent.class);
		this.transactions = transactions;
		this.ids = ids;
	}

	@Override
	public void accept(List<AuditEvent> batch) {
		batch.forEach(AuditEventStore::unlinkDeletedTarget);
		try {
			transactions.withSystemRequest().execute(() -> {
				TransactionDetails resolved = resolvedUpFront(batch);
				batch.forEach(event -> create(event, resolved));
			});
		} catch (RuntimeException batchFailed) {
			if (DatabaseOutage.isCause(batchFailed)) {
				// one by one would wait the pool's timeout per event: the batch is lost, the writer moves on
				throw batchFailed;
			}
			int failed = 0;
			RuntimeException last = batchFailed;
			for (AuditEvent event : batch) {
				try {
					transactions.withSystemRequest().execute(() -> create(event, new TransactionDetails()));
				} catch (RuntimeException unresolved) {
					try {
						unlink(event, reference -> true);
						transactions.withSystemRequest().execute(() -> create(event, new TransactionDetails()));
					} catch (RuntimeException e) {
						failed++;
						last = e;
					}
				}
			}
			if (failed > 0) {
				throw new IllegalStateException(failed + " of " + batch.size() + " AuditEvents refused", last);
			}
			log.debug("AuditEvent batch stored one by one after: {}", batchFailed.toString());
		}
	}

	/**
	 * Every resource the batch names, looked up before anything is written: looked up while the batch
	 * is written, each look-up would first flush the events written so far (JFR: half of the writer's
	 * time at a few hundred CDS calls a second). One indexed query per resource: asked for several at
	 * once, HAPI binds an OR of (type, id) pairs, which H2 answers by reading every row of the resource
	 * table, stored AuditEvents included, so each batch cost more as the trail grew. A resource the
	 * store does not hold is named by identifier at once, rather than failing the batch.
	 */
	private TransactionDetails resolvedUpFront(List<AuditEvent> batch) {
		Set<String> named = new LinkedHashSet<>();
		batch.forEach(event -> event.getEntity().stream()
				.map(entity -> entity.getWhat().getReferenceElement())
				.filter(id -> id.hasResourceType() && id.hasIdPart() && !id.isAbsolute() && !id.isLocal())
				.forEach(id -> named.add(id.toUnqualifiedVersionless().getValue())));
		TransactionDetails resolved = new TransactionDetails();
		Set<String> held = new HashSet<>();
		ResolveIdentityMode mode = ResolveIdentityMode.excludeDeleted().noCacheUnlessDeletesDisabled();
		for (String reference : named) {
			ids.resolveResourceIdentities(RequestPartitionId.defaultPartition(), List.of(new IdType(reference)), mode)
					.forEach((id, lookup) -> {
						resolved.addResolvedResourceId(id, lookup.getPersistentId());
						held.add(id.toUnqualifiedVersionless().getValue());
					});
		}
		batch.forEach(event -> unlink(event, reference -> {
			String id = new IdType(reference).toUnqualifiedVersionless().getValue();
			return named.contains(id) && !held.contains(id);
		}));
		return resolved;
	}

	private void create(AuditEvent event, TransactionDetails transaction) {
		dao.create(event, null, true, new SystemRequestDetails(), transaction);
	}

	/**
	 * A delete's AuditEvent names what was deleted by identifier, up front: the patient entity of a
	 * deleted Observation keeps its reference, so the event stays searchable by patient.
	 */
	private static void unlinkDeletedTarget(AuditEvent event) {
		if (event.getAction() != AuditEvent.AuditEventAction.D) {
			return;
		}
		String deleted = event.getEntity().stream()
				.filter(entity -> AuditEvents.DOMAIN_RESOURCE.equals(entity.getRole().getCode()))
				.map(entity -> entity.getWhat().getReference())
				.filter(reference -> reference != null)
				.findFirst().orElse(null);
		if (deleted == null) {
			return;
		}
		unlink(event, deleted::equals);
	}

	private static void unlink(AuditEvent event, Predicate<String> which) {
		for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
			String reference = entity.getWhat().getReference();
			if (reference != null && which.test(reference)) {
				entity.getWhat().setReference(null).setDisplay(reference)
						.setIdentifier(new Identifier().setSystem(AuditEvents.UNLINKED_RESOURCE_SYSTEM).setValue(reference));
			}
		}
	}
}
