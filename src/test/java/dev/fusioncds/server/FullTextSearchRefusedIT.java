package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Full-text search needs Lucene, of which the server ships only the classes HAPI names (pom: fhir-trimmed). */
class FullTextSearchRefusedIT {

	@Test
	void serverRefusesToStartWithFullTextSearchOn() {
		assertThatThrownBy(() -> ServerNode.start("--spring.profiles.active=it",
				"--spring.datasource.url=jdbc:h2:mem:fulltext;DB_CLOSE_DELAY=-1",
				"--spring.jpa.properties.hibernate.search.enabled=true").close())
				.hasStackTraceContaining("hibernate.search.enabled=true: full-text search is not available");
	}
}
