package dev.fusioncds.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP-facing settings of the FHIR endpoint.
 *
 * @param baseUrl public FHIR base URL written into links and Location headers; blank means "as the
 *     request arrived" (fine behind a proxy that preserves Host)
 * @param maxRequestSize request bodies above this are refused with 413 before HAPI parses them
 */
@ConfigurationProperties("fusion.server")
public record FusionServerProperties(String baseUrl, @DefaultValue("10MB") DataSize maxRequestSize) {}
