package dev.fusioncds.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.KnowledgeBaseLoader;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.suggest.Evaluator;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Generated valid Observations and DiagnosticReports — codings without a code or system, displays
 * only, empty components, every value type, odd text — never make a reader throw: a reader turns
 * what it cannot read into a trace line, never into an error.
 */
class ReadersNeverThrowTest {

	private static final KnowledgeBase KNOWLEDGE = KnowledgeBaseLoader.fromClasspath();
	private static final FusionFindingReader READER = new FusionFindingReader(KNOWLEDGE);
	private static final Evaluator EVALUATOR = new Evaluator(KNOWLEDGE, Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));
	private static final List<String> WORDS = List.of("NRG1", "NTRK1/2/3", "NTRK1-3", "CD74-NRG1", "ETV6::NTRK3", "TRKA", "HRG", "fusion",
			"rearrangement", "not", "no", "detected", "negative", "failed", "pending", "equivocal", "possible", "exon", "99999999999",
			"5'", "3'", "frame", "out-of-frame", "in-frame", ":", ";", ".", ",", "-", "\u2013", "(", ")", "", " ", "\n", "p.G595R",
			"EGF-like domain retained", "kinase", "RNA", "DNA", "FISH", "IHC", "pan-TRK", "\u00e9\u00e8", "\ud83e\uddec", "NTRK", "KRAS wild-type");

	@Property(tries = 600)
	void aReaderNeverThrowsOnAValidResult(@ForAll("observations") Observation observation, @ForAll("reports") DiagnosticReport report) {
		report.addResult(new Reference("Observation/o1"));
		List<String> trace = new ArrayList<>();

		READER.read(observation, report, trace);
		READER.read(observation, null, trace);
		READER.contradictions(observation);
		Evaluator.Result result = EVALUATOR.evaluate(List.<Resource>of(observation, report), Jurisdiction.US);

		assertThat(result.evaluation().trace()).noneMatch(line -> line.contains("could not be read"));
	}

	@Provide
	Arbitrary<Observation> observations() {
		return Combinators.combine(concepts(), values(), components().list().ofMaxSize(5), concepts().list().ofMaxSize(2),
				text().list().ofMaxSize(2), Arbitraries.of(Observation.ObservationStatus.values()).injectNull(0.1), effective())
				.as((code, value, components, interpretation, notes, status, effective) -> {
					Observation o = new Observation();
					o.setId(new IdType("Observation", "o1"));
					o.setSubject(new Reference("Patient/p1"));
					o.setStatus(status);
					o.setCode(code);
					o.setValue(value);
					o.setEffective(effective);
					components.forEach(c -> o.addComponent().setCode(c.get(0) instanceof CodeableConcept cc ? cc : new CodeableConcept())
							.setValue(c.get(1)));
					o.setInterpretation(interpretation);
					notes.forEach(n -> o.addNote().setText(n));
					return o;
				});
	}

	@Provide
	Arbitrary<DiagnosticReport> reports() {
		return Combinators.combine(concepts(), text().injectNull(0.3), concepts().list().ofMaxSize(2),
						Arbitraries.of(DiagnosticReport.DiagnosticReportStatus.values()).injectNull(0.1))
				.as((code, conclusion, conclusionCodes, status) -> {
					DiagnosticReport r = new DiagnosticReport();
					r.setId(new IdType("DiagnosticReport", "r1"));
					r.setStatus(status);
					r.setCode(code);
					r.setConclusion(conclusion);
					r.setConclusionCode(conclusionCodes);
					return r;
				});
	}

	private Arbitrary<String> text() {
		return Arbitraries.of(WORDS).list().ofMaxSize(12).map(words -> String.join(" ", words));
	}

	private Arbitrary<String> codes() {
		return Arbitraries.of("48018-6", "81252-9", "53037-8", "69548-6", "LA9633-4", "LA9634-2", "LA26333-7", "SO:0001565", "HGNC:7997",
				"HGNC:8033", "HGNC:99999", "POS", "NEG", "IND", "error", "temp-unknown", "", "x").injectNull(0.2);
	}

	private Arbitrary<String> systems() {
		return Arbitraries.of("http://loinc.org", "http://www.genenames.org/geneId", "http://www.genenames.org", "http://snomed.info/sct",
				"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "urn:x", "").injectNull(0.2);
	}

	private Arbitrary<CodeableConcept> concepts() {
		Arbitrary<Coding> coding = Combinators.combine(systems(), codes(), text().injectNull(0.5))
				.as((system, code, display) -> new Coding(system, code, display));
		return Combinators.combine(coding.list().ofMaxSize(3), text().injectNull(0.5))
				.as((codings, text) -> new CodeableConcept().setCoding(codings).setText(text));
	}

	private Arbitrary<Type> values() {
		return Arbitraries.oneOf(
				concepts().map(Type.class::cast),
				text().map(t -> (Type) new StringType(t)),
				Arbitraries.integers().map(i -> (Type) new IntegerType(i)),
				Arbitraries.of(true, false).map(b -> (Type) new BooleanType(b)),
				Arbitraries.just((Type) new Quantity()),
				Arbitraries.just((Type) new Quantity().setValue(new BigDecimal("1e12"))),
				Arbitraries.just((Type) new Range()),
				Arbitraries.just((Type) new StringType()),
				Arbitraries.just((Type) null));
	}

	private Arbitrary<List<Type>> components() {
		return Combinators.combine(concepts(), values()).as((code, value) -> {
			List<Type> pair = new ArrayList<>();
			pair.add(code);
			pair.add(value);
			return pair;
		});
	}

	private Arbitrary<Type> effective() {
		return Arbitraries.of(new DateTimeType(), new DateTimeType("2026-10-01"), new Period(), new Period().setStartElement(new DateTimeType("2026")))
				.map(Type.class::cast).injectNull(0.3);
	}
}
