package dev.fusioncds.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Loads the sample patients in {@code fhir-profiles/examples/demo/} ({@code fusion.demo.enabled}).
 * The Bundles PUT fixed ids, so a restart changes nothing; production leaves this off and starts empty.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "fusion.demo.enabled", havingValue = "true")
class DemoDataLoader implements ApplicationRunner {

	static final String DEMO_BUNDLES = "classpath*:fhir-profiles/examples/demo/*.json";
	private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

	private final FhirContext fhirContext;
	private final IFhirSystemDao<Bundle, ?> systemDao;

	DemoDataLoader(FhirContext fhirContext, IFhirSystemDao<Bundle, ?> systemDao) {
		this.fhirContext = fhirContext;
		this.systemDao = systemDao;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		Resource[] files = new PathMatchingResourcePatternResolver().getResources(DEMO_BUNDLES);
		Arrays.sort(files, Comparator.comparing(Resource::getFilename));
		for (Resource file : files) {
			try (InputStream in = file.getInputStream()) {
				Bundle bundle = fhirContext
						.newJsonParser()
						.parseResource(Bundle.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
				systemDao.transaction(new SystemRequestDetails(), bundle);
			}
		}
		log.info("Demo data: {} sample patient bundles loaded", files.length);
	}
}
