package dev.fusioncds.operations.subsumes;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.IResourceProvider;
import dev.fusioncds.server.RestfulServerCustomizer;
import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts {@link SubsumesProvider} in place of HAPI's CodeSystem provider on the FHIR endpoint. */
@Configuration
class SubsumesConfig {

	@Bean
	RestfulServerCustomizer codeSystemSubsumes(DaoRegistry daos, Subsumption subsumption) {
		return server -> {
			List<IResourceProvider> hapis = server.getResourceProviders().stream()
					.filter(provider -> provider.getResourceType() == CodeSystem.class)
					.toList();
			server.unregisterProviders(hapis);
			server.registerProvider(new SubsumesProvider(daos.getResourceDao(CodeSystem.class), subsumption));
		};
	}
}
