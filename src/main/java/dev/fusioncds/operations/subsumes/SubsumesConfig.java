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

	/** A bean, as HAPI's providers are: their base classes take settings and services by field injection. */
	@Bean
	SubsumesProvider subsumesProvider(DaoRegistry daos, Subsumption subsumption) {
		return new SubsumesProvider(daos.getResourceDao(CodeSystem.class), subsumption);
	}

	@Bean
	RestfulServerCustomizer codeSystemSubsumes(SubsumesProvider subsumesProvider) {
		return server -> {
			List<IResourceProvider> hapis = server.getResourceProviders().stream()
					.filter(provider -> provider.getResourceType() == CodeSystem.class)
					.toList();
			server.unregisterProviders(hapis);
			server.registerProvider(subsumesProvider);
		};
	}
}
