package dev.fusioncds.suggest;

import dev.fusioncds.rules.Jurisdiction;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jurisdiction whose approvals count when a call does not say (ingest always uses it)
 * @param ingest evaluate fusion results as they are stored and keep their suggestions in the store
 */
@ConfigurationProperties("fusion.engine")
public record EngineProperties(@DefaultValue("US") Jurisdiction jurisdiction, @DefaultValue("true") boolean ingest) {}
