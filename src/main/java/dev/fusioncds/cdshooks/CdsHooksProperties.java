package dev.fusioncds.cdshooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many CDS Hooks calls run at once. A call is CPU work (parse, evaluate, render cards); more
 * calls in flight than cores only slice the CPU thinner, so every call finishes late. Calls beyond
 * the limit wait in arrival order; one that waits longer than {@code queueTimeout} gets 503.
 *
 * @param concurrency calls evaluated at once; 0 means three per available processor
 * @param queueTimeout the longest a call waits for its turn
 */
@ConfigurationProperties("fusion.cds")
public record CdsHooksProperties(@DefaultValue("0") int concurrency, @DefaultValue("5s") Duration queueTimeout) {

	int effectiveConcurrency() {
		return concurrency > 0 ? concurrency : 3 * Runtime.getRuntime().availableProcessors();
	}
}
