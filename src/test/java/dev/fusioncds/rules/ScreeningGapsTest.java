package dev.fusioncds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import dev.fusioncds.rules.ScreeningGaps.Assessment;
import dev.fusioncds.rules.ScreeningGaps.Gap;
import dev.fusioncds.rules.ScreeningGaps.State;
import dev.fusioncds.suggest.Evaluator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** Which patients should have had a fusion test, and which gap their testing leaves. */
class ScreeningGapsTest {

	private static final Evaluator EVALUATOR =
			new Evaluator(KnowledgeBaseLoader.fromClasspath(), Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));

	private final List<Resource> record = new ArrayList<>(List.of(new Patient().setId("Patient/p1")));
	private int ids;

	private ScreeningGapsTest cancer(String text) {
		Condition condition = new Condition().setCode(new CodeableConcept().setText(text)).setSubject(new Reference("Patient/p1"));
		condition.setId("Condition/c" + ids++);
		record.add(condition);
		return this;
	}

	private ScreeningGapsTest result(String test, String method, String value, String date) {
		Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
				.setCode(new CodeableConcept().setText(test)).setSubject(new Reference("Patient/p1"))
				.setMethod(new CodeableConcept().setText(method)).setValue(new StringType(value))
				.setEffective(new DateTimeType(date));
		observation.setId("Observation/o" + ids++);
		record.add(observation);
		return this;
	}

	private ScreeningGapsTest driver(String gene, String value) {
		Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
				.setCode(new CodeableConcept().setText(gene + " mutation analysis")).setSubject(new Reference("Patient/p1"))
				.setValue(new CodeableConcept().setText(value));
		observation.setId("Observation/d" + ids++);
		observation.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "48018-6", "Gene studied")))
				.setValue(new CodeableConcept().setText(gene));
		record.add(observation);
		return this;
	}

	private List<Assessment> assess() {
		return EVALUATOR.evaluateForStore(record, Jurisdiction.US).screening();
	}

	@Test
	void lungCancerWithoutAnyFusionTestHasTwoGaps() {
		List<Assessment> gaps = cancer("Non-small cell lung cancer").assess();

		assertThat(gaps).extracting(Assessment::population, Assessment::target, Assessment::state, Assessment::gap, Assessment::severity)
				.containsExactly(tuple("NSCLC", "NRG1", State.GAP, Gap.NO_FUSION_TEST, "moderate"),
						tuple("NSCLC", "NTRK", State.GAP, Gap.NO_FUSION_TEST, "moderate"));
		assertThat(gaps.get(0).testId()).isEqualTo("RNA_NGS");
		assertThat(gaps.get(0).evidence()).containsExactly("Condition/c0");
		assertThat(gaps.get(0).detail()).startsWith("No fusion test for NRG1 (Non-small cell lung cancer).");
	}

	@Test
	void driverNegativeLungCancerGapIsHighSeverity() {
		List<Assessment> gaps = cancer("Lung adenocarcinoma").driver("EGFR", "wild-type").driver("KRAS", "No mutation detected").assess();

		assertThat(gaps).extracting(Assessment::severity).containsOnly("high");
		assertThat(gaps.get(0).detail()).contains("EGFR, KRAS wild-type");
	}

	@Test
	void detectedEgfrMutationSettlesLungCancerScreening() {
		List<Assessment> gaps = cancer("Non-small cell lung cancer").driver("EGFR", "EGFR L858R detected").assess();

		assertThat(gaps).extracting(Assessment::state).containsOnly(State.EXPLAINED);
		assertThat(gaps).extracting(Assessment::gap).containsOnlyNulls();
	}

	@Test
	void rnaNegativeForNrg1AndNtrkIsAdequate() {
		List<Assessment> gaps = cancer("Non-small cell lung cancer")
				.result("NRG1 fusion", "RNA-based NGS", "No NRG1 fusion detected", "2026-10-01")
				.result("NTRK fusion", "RNA-based NGS", "No NTRK1/2/3 fusions detected", "2026-10-01").assess();

		assertThat(gaps).extracting(Assessment::state).containsExactly(State.TESTED, State.TESTED);
	}

	@Test
	void dnaOnlyNegativeLeavesAnRnaGapAndCitesTheResult() {
		List<Assessment> gaps = cancer("Pancreatic ductal adenocarcinoma")
				.result("NRG1 fusion", "DNA-based NGS panel", "No NRG1 fusion detected", "2026-10-01").assess();

		assertThat(gaps).extracting(Assessment::target, Assessment::gap)
				.containsExactly(tuple("NRG1", Gap.DNA_ONLY_NEGATIVE), tuple("NTRK", Gap.NO_FUSION_TEST));
		assertThat(gaps.get(0).evidence()).containsExactly("Condition/c0", "Observation/o1");
	}

	@Test
	void panTrkImmunohistochemistryAloneIsNotConfirmation() {
		List<Assessment> gaps = cancer("Secretory carcinoma of the breast")
				.result("Pan-TRK immunohistochemistry", "IHC", "Positive for pan-TRK expression (NTRK)", "2026-10-01").assess();

		assertThat(gaps).extracting(Assessment::population, Assessment::target, Assessment::gap, Assessment::severity)
				.containsExactly(tuple("NTRK-ENRICHED", "NTRK", Gap.SCREEN_NOT_CONFIRMED, "high"));
	}

	@Test
	void failedTestIsAGapUntilAnAdequateTestFollows() {
		cancer("Cholangiocarcinoma").result("NRG1 fusion", "RNA-based NGS", "NRG1 fusion testing failed: insufficient tissue", "2026-09-01");
		assertThat(assess().get(0).gap()).isEqualTo(Gap.FAILED_NOT_REPEATED);

		result("NRG1 fusion", "RNA-based NGS", "No NRG1 fusion detected", "2026-10-15");
		assertThat(assess().get(0).state()).isEqualTo(State.TESTED);
	}

	@Test
	void pendingTestIsNoGap() {
		List<Assessment> gaps = cancer("Non-small cell lung cancer")
				.result("NRG1 fusion", "RNA-based NGS", "NRG1 fusion analysis pending", "2026-11-20").assess();

		assertThat(gaps.get(0).state()).isEqualTo(State.PENDING);
		assertThat(gaps.get(0).gap()).isNull();
	}

	@Test
	void equivocalResultIsUnclearNotResolved() {
		List<Assessment> gaps = cancer("Non-small cell lung cancer")
				.result("NRG1 fusion", "RNA-based NGS", "Equivocal for NRG1 rearrangement", "2026-11-01").assess();

		assertThat(gaps.get(0).gap()).isEqualTo(Gap.UNCLEAR_NOT_RESOLVED);
	}

	@Test
	void confirmedPositiveIsAdequatelyTested() {
		List<Assessment> gaps = cancer("Non-small cell lung cancer")
				.result("NRG1 fusion", "RNA-based NGS", "CD74-NRG1 fusion detected", "2026-10-01").assess();

		assertThat(gaps.get(0).state()).isEqualTo(State.TESTED);
	}

	@Test
	void otherSolidTumorsCountOnlyWhenAdvanced() {
		assertThat(cancer("Colon adenocarcinoma, stage II, resected").assess()).isEmpty();

		List<Assessment> advanced = new ScreeningGapsTest().cancer("Metastatic colon adenocarcinoma")
				.result("NTRK fusion", "DNA-based NGS panel", "No NTRK1/2/3 fusions detected", "2026-10-01").assess();
		assertThat(advanced).extracting(Assessment::population, Assessment::tumorType, Assessment::state)
				.containsExactly(tuple("ADVANCED-SOLID", "ANY_SOLID", State.TESTED));
	}

	@Test
	void noCancerNoScreening() {
		assertThat(assess()).isEmpty();
		assertThat(new ScreeningGapsTest().cancer("Chronic lymphocytic leukemia").assess()).isEmpty();
	}
}
