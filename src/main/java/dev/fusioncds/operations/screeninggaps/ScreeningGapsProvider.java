package dev.fusioncds.operations.screeninggaps;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dev.fusioncds.ingest.ScreeningStates;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.knowledge.TumorType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.springframework.stereotype.Component;

/**
 * {@code $screening-gaps}: patients whose cancer makes fusion testing relevant and whose testing
 * is absent or inadequate, answered from the screening state kept at ingest (two indexed queries,
 * no FHIR search per patient). Read-only.
 */
@Component
public class ScreeningGapsProvider {

	static final String CANONICAL = "https://fusion-cds.dev/fhir/OperationDefinition/screening-gaps";
	static final int DEFAULT_COUNT = 100;
	static final int MAX_COUNT = 1000;

	private final ScreeningStates states;
	private final GapsBundle bundles;
	private final List<String> tumorCodes;

	ScreeningGapsProvider(ScreeningStates states, KnowledgeBase knowledge, Clock clock) {
		this.states = states;
		this.bundles = new GapsBundle(knowledge, clock);
		TreeSet<String> codes = new TreeSet<>();
		knowledge.tumorTypes().forEach(t -> codes.add(t.id()));
		codes.add(TumorType.ANY_SOLID);
		this.tumorCodes = List.copyOf(codes);
	}

	@Operation(name = "$screening-gaps", idempotent = true, canonicalUrl = CANONICAL)
	public Bundle screeningGaps(
			@OperationParam(name = "tumor", max = 1) CodeType tumor,
			@OperationParam(name = "_count", max = 1) IntegerType count,
			@OperationParam(name = "_offset", max = 1) IntegerType offset,
			RequestDetails request) {
		String tumorType = tumor == null || !tumor.hasValue() ? null : tumor.getValue();
		if (tumorType != null && !tumorCodes.contains(tumorType)) {
			throw new InvalidRequestException("Unknown tumor type '" + tumorType + "'; use one of " + tumorCodes);
		}
		int pageSize = bounded("_count", count, DEFAULT_COUNT, 1, MAX_COUNT);
		int skip = bounded("_offset", offset, 0, 0, Integer.MAX_VALUE);
		List<ScreeningStates.Row> rows = new ArrayList<>(states.gaps(tumorType, skip, pageSize + 1));
		boolean more = rows.size() > pageSize;
		if (more) {
			rows.remove(pageSize);
		}
		String next = more ? request.getFhirServerBase() + "/$screening-gaps?_count=" + pageSize + "&_offset=" + (skip + pageSize)
				+ (tumorType == null ? "" : "&tumor=" + tumorType) : null;
		return bundles.build(states.counts(tumorType), rows, next);
	}

	private static int bounded(String name, IntegerType value, int fallback, int min, int max) {
		if (value == null || value.getValue() == null) {
			return fallback;
		}
		int n = value.getValue();
		if (n < min || n > max) {
			throw new InvalidRequestException("'" + name + "' must be between " + min + " and " + max + ", not " + n);
		}
		return n;
	}
}
