package dev.fusioncds.suggest;

import dev.fusioncds.fusion.ClinicalContextReader;
import dev.fusioncds.fusion.DraftOrderReader;
import dev.fusioncds.fusion.FusionFinding;
import dev.fusioncds.fusion.FusionFindingReader;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.rules.ClinicalContext;
import dev.fusioncds.rules.Evaluation;
import dev.fusioncds.rules.FusionRules;
import dev.fusioncds.rules.Jurisdiction;
import dev.fusioncds.rules.OrderRules;
import dev.fusioncds.rules.ScreeningGaps;
import dev.fusioncds.rules.Suggestion;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The one engine behind every door: a patient's resources → findings and context → rules →
 * suggestion resources. Ingest, CDS Hooks and {@code $fusion-suggestions} all call this.
 */
public final class Evaluator {

	/**
	 * The findings read, each suggestion with its FHIR resources, the trace that explains them, and
	 * the patient's screening state (only from {@link #evaluateForStore}).
	 */
	public record Result(List<FusionFinding> findings, Evaluation evaluation, List<Emitted> emitted, List<ScreeningGaps.Assessment> screening) {

		/** Every emitted resource, suggestion by suggestion. */
		public List<Resource> resources() {
			return emitted.stream().flatMap(e -> e.resources().stream()).toList();
		}
	}

	/** One suggestion and the resources that express it (implication, request, Task, Provenance). */
	public record Emitted(Suggestion suggestion, List<Resource> resources) {}

	/** Reports naming one result, oldest first: issued, then an amended or corrected one after the original. */
	private static final Comparator<DiagnosticReport> REPORTS_OLDEST_FIRST = Comparator
			.comparing((DiagnosticReport r) -> r.getIssued() == null ? Instant.MIN : r.getIssued().toInstant())
			.thenComparing(r -> r.getStatus() == DiagnosticReport.DiagnosticReportStatus.AMENDED
					|| r.getStatus() == DiagnosticReport.DiagnosticReportStatus.CORRECTED ? 1 : 0);

	private final FusionFindingReader findings;
	private final ClinicalContextReader context;
	private final FusionRules rules;
	private final SuggestionResources output;
	private final DraftOrderReader orders;
	private final OrderRules orderRules;
	private final ScreeningGaps screening;
	private final Clock clock;
	private final String knowledgeVersion;

	public Evaluator(KnowledgeBase knowledge, Clock clock) {
		this.findings = new FusionFindingReader(knowledge);
		this.context = new ClinicalContextReader(knowledge);
		this.rules = new FusionRules(knowledge);
		this.output = new SuggestionResources(knowledge);
		this.orders = new DraftOrderReader(knowledge);
		this.orderRules = new OrderRules(knowledge);
		this.screening = new ScreeningGaps(knowledge);
		this.clock = clock;
		this.knowledgeVersion = knowledge.version();
	}

	/** True when the Observation reads as a fusion result (detected, negative or indeterminate). */
	public boolean isFusionResult(Observation observation) {
		return !readSafely(observation, null, new ArrayList<>()).isEmpty();
	}

	/** True when a report's name or conclusion speaks of a fusion: its results may be fusion results. */
	public boolean isFusionReport(DiagnosticReport report) {
		return findings.isFusionReport(report);
	}

	/** True when the Condition records a cancer: the patient may belong to a screening population. */
	public boolean recordsCancer(Condition condition) {
		return context.recordsCancer(condition);
	}

	public String knowledgeVersion() {
		return knowledgeVersion;
	}

	/** The suggestions (CDS Hooks, {@code $fusion-suggestions}); no screening state. */
	public Result evaluate(List<Resource> patientData, Jurisdiction jurisdiction) {
		PatientFacts facts = read(patientData);
		return result(facts, rules.evaluate(facts.findings(), facts.context(), jurisdiction), List.of());
	}

	/** The suggestions and the patient's screening state: what ingest and {@code $reevaluate} store. */
	public Result evaluateForStore(List<Resource> patientData, Jurisdiction jurisdiction) {
		PatientFacts facts = read(patientData);
		return result(facts, rules.evaluate(facts.findings(), facts.context(), jurisdiction),
				screening.assess(facts.findings(), facts.context()));
	}

	/** The order-sign checks: suggestions about the draft orders only, against the patient's data. */
	public Result evaluateOrders(List<Resource> patientData, List<Resource> draftOrders) {
		PatientFacts facts = read(patientData);
		return result(facts, orderRules.evaluate(orders.read(draftOrders), facts.findings(), facts.context()), List.of());
	}

	/** What the readers made of a patient's resources. */
	private record PatientFacts(String patient, List<FusionFinding> findings, ClinicalContext context,
			Map<String, String> versions, List<String> trace) {}

	private PatientFacts read(List<Resource> patientData) {
		List<String> trace = new ArrayList<>();
		Map<String, DiagnosticReport> reportOf = new HashMap<>();
		for (Resource resource : patientData) {
			if (resource instanceof DiagnosticReport report) {
				for (Reference result : report.getResult()) {
					// "Observation/x", "Observation/x/_history/2" and "https://lab.example/fhir/Observation/x" name one result
					if (result.getReference() != null) {
						reportOf.merge(new IdType(result.getReference()).toUnqualifiedVersionless().getValue(), report, Evaluator::newerReport);
					}
				}
			}
		}
		List<FusionFinding> found = new ArrayList<>();
		Map<String, String> versions = new HashMap<>();
		String patient = null;
		for (Resource resource : patientData) {
			if (resource instanceof Observation observation) {
				String ref = observation.getIdElement().toUnqualifiedVersionless().getValue();
				String version = observation.getIdElement().hasVersionIdPart()
						? observation.getIdElement().getVersionIdPart()
						: observation.getMeta().getVersionId();
				if (version != null) {
					versions.put(ref, version);
				}
				found.addAll(readSafely(observation, reportOf.get(ref), trace));
				if (patient == null && observation.hasSubject()) {
					patient = observation.getSubject().getReference();
				}
			} else if (resource instanceof Patient p && patient == null) {
				patient = p.getIdElement().toUnqualifiedVersionless().getValue();
			}
		}
		return new PatientFacts(patient, List.copyOf(found), context.read(patientData, LocalDate.now(clock)), versions, trace);
	}

	/** Of two reports naming one result, the later one (an amended or corrected one on a tie): it replaces the other. */
	private static DiagnosticReport newerReport(DiagnosticReport a, DiagnosticReport b) {
		return REPORTS_OLDEST_FIRST.compare(b, a) > 0 ? b : a;
	}

	/** A reader never fails a valid resource: what it cannot read becomes a trace line. */
	private List<FusionFinding> readSafely(Observation observation, DiagnosticReport report, List<String> trace) {
		try {
			return findings.read(observation, report, trace);
		} catch (RuntimeException e) {
			trace.add(observation.getIdElement().toUnqualifiedVersionless().getValue() + ": could not be read as a fusion result ("
					+ e.getClass().getSimpleName() + ")");
			return List.of();
		}
	}

	private Result result(PatientFacts facts, Evaluation evaluation, List<ScreeningGaps.Assessment> screening) {
		List<String> fullTrace = new ArrayList<>(facts.trace());
		fullTrace.addAll(evaluation.trace());
		List<Emitted> emitted = new ArrayList<>();
		Date recorded = Date.from(clock.instant());
		for (Suggestion suggestion : evaluation.suggestions()) {
			emitted.add(new Emitted(suggestion, output.toResources(suggestion, facts.patient(), facts.context().tumorTypes(), recorded, facts.versions())));
		}
		return new Result(facts.findings(), new Evaluation(evaluation.suggestions(), fullTrace), List.copyOf(emitted), screening);
	}
}
