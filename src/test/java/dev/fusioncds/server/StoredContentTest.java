package dev.fusioncds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class StoredContentTest {

	private static final String KIND = "https://fusion-cds.dev/fhir/CodeSystem/suggestion-kind";
	private static final String RULE = "https://fusion-cds.dev/fhir/CodeSystem/rule";

	@Test
	void storedCopyWithStorageMetaAndReorderedTagsHasTheSameContent() {
		Task fresh = task("Consider RNA-based NGS");
		Task stored = task("Consider RNA-based NGS");
		stored.setId("http://localhost:8080/fhir/Task/fcds-abc-task/_history/3");
		stored.getMeta().setVersionId("3").setLastUpdated(new Date()).setSource("#a1b2c3");
		stored.getMeta().addTag(RULE, "THERAPY:x", null).addTag(KIND, "therapy", null);
		fresh.getMeta().addTag(KIND, "therapy", null).addTag(RULE, "THERAPY:x", null);

		assertThat(StoredContent.same(stored, fresh)).isTrue();
	}

	@Test
	void changedWordingOrStatusIsNotTheSameContent() {
		Task fresh = task("Consider RNA-based NGS");

		assertThat(StoredContent.same(task("Consider FISH"), fresh)).isFalse();
		assertThat(StoredContent.same(task("Consider RNA-based NGS").setStatus(Task.TaskStatus.CANCELLED), fresh)).isFalse();
		assertThat(StoredContent.same(withTag(task("Consider RNA-based NGS"), "review"), withTag(fresh, "retest"))).isFalse();
	}

	private static Task task(String description) {
		Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.PROPOSAL).setDescription(description);
		task.setId("Task/fcds-abc-task");
		return task;
	}

	private static Task withTag(Task task, String kind) {
		task.getMeta().addTag(KIND, kind, null);
		return task;
	}
}
