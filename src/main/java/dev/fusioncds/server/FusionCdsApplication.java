package dev.fusioncds.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: a HAPI FHIR R4 JPA server at {@code /fhir} with the Fusion CDS engine around it. */
@SpringBootApplication(scanBasePackages = "dev.fusioncds")
@ConfigurationPropertiesScan("dev.fusioncds")
public class FusionCdsApplication {

	public static void main(String[] args) {
		SpringApplication.run(FusionCdsApplication.class, args);
	}
}
