package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@FusionServerIT
class TokenTextSearchIT {

	@LocalServerPort
	int port;

	@Test
	void textModifierOnATokenIsRefusedRatherThanAnsweredWithNothing() {
		FhirHttp http = new FhirHttp(port);
		String patient = TestReports.storedNsclcCd74Nrg1(http, "token-text");

		HttpResponse<String> byWords = http.get("/fhir/Observation?subject=Patient/" + patient + "&code:text=variant");
		HttpResponse<String> byCode = http.get("/fhir/Observation?subject=Patient/" + patient + "&code=http://loinc.org|69548-6");

		assertThat(byWords.statusCode()).isEqualTo(405);
		assertThat(byWords.body()).contains("HAPI-1219", "The :text modifier is disabled on this server");
		assertThat(byCode.statusCode()).isEqualTo(200);
		assertThat(http.parse(Bundle.class, byCode).getEntry()).isNotEmpty();
	}
}
