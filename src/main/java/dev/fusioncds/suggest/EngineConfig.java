package dev.fusioncds.suggest;

import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one Evaluator every door shares, over the knowledge base loaded (and checked) at start. */
@Configuration
class EngineConfig {

	@Bean
	KnowledgeBase knowledgeBase() {
		return KnowledgeBaseLoader.fromClasspath();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Evaluator evaluator(KnowledgeBase knowledgeBase, Clock clock) {
		return new Evaluator(knowledgeBase, clock);
	}
}
