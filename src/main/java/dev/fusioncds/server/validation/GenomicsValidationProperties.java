package dev.fusioncds.server.validation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled validate incoming genomics Observations and DiagnosticReports against the loaded
 *     profiles (422 on error); other resources only get HAPI's normal parsing checks
 * @param igPackages classpath locations of vendored IG packages (.tgz) to validate against
 */
@ConfigurationProperties("fusion.validation")
public record GenomicsValidationProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("classpath:fhir-profiles/packages/hl7.fhir.uv.genomics-reporting-3.0.0.tgz")
				String[] igPackages) {}
