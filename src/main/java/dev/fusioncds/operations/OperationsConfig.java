package dev.fusioncds.operations;

import dev.fusioncds.operations.feedback.FeedbackProvider;
import dev.fusioncds.operations.reevaluate.ReevaluateProvider;
import dev.fusioncds.operations.screeninggaps.ScreeningGapsProvider;
import dev.fusioncds.operations.suggestions.FusionSuggestionsProvider;
import dev.fusioncds.server.RestfulServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Plugs our FHIR operations into the FHIR endpoint. */
@Configuration
class OperationsConfig {

	@Bean
	RestfulServerCustomizer fusionOperations(FusionSuggestionsProvider suggestions, ReevaluateProvider reevaluate,
			ScreeningGapsProvider screeningGaps, FeedbackProvider feedback) {
		return server -> server.registerProviders(suggestions, reevaluate, screeningGaps, feedback);
	}
}
