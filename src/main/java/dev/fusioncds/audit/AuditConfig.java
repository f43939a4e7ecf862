package dev.fusioncds.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import dev.fusioncds.server.RestfulServerCustomizer;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The audit trail (IHE BALP), on unless {@code fusion.audit.enabled=false}: HAPI's BALP
 * interceptor on the FHIR endpoint, our events for {@code $fusion-suggestions} and CDS Hooks
 * calls, all through one asynchronous queue into the store.
 */
@Configuration
@ConditionalOnProperty(name = "fusion.audit.enabled", havingValue = "true", matchIfMissing = true)
class AuditConfig {

	/** Events held while the writer catches up; about 2 KB each, so a few tens of MB at most. */
	static final int QUEUE_CAPACITY = 10_000;
	/** Events written per transaction. */
	static final int BATCH_SIZE = 200;

	@Bean
	AuditEventQueue auditEventQueue(DaoRegistry daos, IHapiTransactionService transactions, IIdHelperService<JpaPid> ids) {
		return new AuditEventQueue(QUEUE_CAPACITY, BATCH_SIZE, new AuditEventStore(daos, transactions, ids));
	}

	/** On the REST server only: the queue's own writes (system requests) never reach these interceptors. */
	@Bean
	RestfulServerCustomizer auditTrail(AuditEventQueue queue) {
		RequestAgents agents = new RequestAgents();
		return server -> {
			server.registerInterceptor(new BalpAuditCaptureInterceptor(queue, agents));
			server.registerInterceptor(new SuggestionsOperationAudit(agents, queue));
			server.registerInterceptor(new ReferencesKeptForTheTrail());
			server.registerInterceptor(new AuditTrailAppendOnly());
		};
	}

	/**
	 * The queue's counters under {@code /actuator/health} ({@code auditTrail}): events waiting, dropped
	 * because the queue was full, lost to failed writes, and whether the writer runs. Always UP: a
	 * node that drops audit events still serves (the clinical answer comes first); operators alert
	 * on the counters.
	 */
	@Bean
	HealthIndicator auditTrailHealthIndicator(AuditEventQueue queue) {
		return () -> Health.up().withDetail("pending", queue.pending()).withDetail("dropped", queue.dropped())
				.withDetail("lost", queue.lost()).withDetail("writing", queue.writing()).build();
	}

	@Bean
	WebMvcConfigurer cdsCallAudit(AuditEventQueue queue) {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new CdsCallAudit(queue)).addPathPatterns("/cds-services/*");
			}
		};
	}
}
