package dev.fusioncds.fusion;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Type;

/** The human-readable words of FHIR datatypes, for matching phrases. */
final class FhirText {

	private FhirText() {}

	static String of(CodeableConcept concept) {
		if (concept == null) {
			return "";
		}
		return Stream.concat(
						Stream.of(concept.getText()),
						concept.getCoding().stream().map(Coding::getDisplay))
				.filter(Objects::nonNull)
				.collect(Collectors.joining(" "));
	}

	static String of(Type value) {
		if (value instanceof CodeableConcept concept) {
			return of(concept);
		}
		if (value == null || !value.isPrimitive() || value.primitiveValue() == null) {
			return "";
		}
		return value.primitiveValue();
	}

	static String join(List<String> parts) {
		return parts.stream().filter(p -> p != null && !p.isBlank()).collect(Collectors.joining(". "));
	}

	static boolean hasCode(CodeableConcept concept, String system, String code) {
		return concept != null && concept.getCoding().stream()
				.anyMatch(c -> code.equals(c.getCode()) && (system == null || system.equals(c.getSystem())));
	}
}
