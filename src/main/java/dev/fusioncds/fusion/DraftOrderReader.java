package dev.fusioncds.fusion;

import dev.fusioncds.knowledge.Drug;
import dev.fusioncds.knowledge.GeneEntry;
import dev.fusioncds.knowledge.KnowledgeBase;
import dev.fusioncds.rules.DraftOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The order-sign hook's draft orders → {@link DraftOrder}: fusion test orders (ServiceRequest
 * naming a fusion target or "fusion") with their method, and drug orders (MedicationRequest) with
 * the knowledge-base drugs they name. Other orders are not about fusions and are skipped.
 */
public final class DraftOrderReader {

	private static final Pattern WORDS = Pattern.compile("[^A-Za-z0-9]+");

	private final KnowledgeBase knowledge;

	public DraftOrderReader(KnowledgeBase knowledge) {
		this.knowledge = knowledge;
	}

	public List<DraftOrder> read(List<Resource> draftOrders) {
		List<DraftOrder> orders = new ArrayList<>();
		for (Resource resource : draftOrders) {
			String reference = resource.fhirType() + "/" + (resource.getIdElement().hasIdPart()
					? resource.getIdElement().getIdPart() : "draft-" + orders.size());
			if (resource instanceof ServiceRequest request) {
				testOrder(request, reference, orders);
			} else if (resource instanceof MedicationRequest request) {
				String text = words(request.getMedicationCodeableConcept());
				Set<String> drugs = knowledge.drugsMentionedIn(text).stream().map(Drug::id).collect(Collectors.toCollection(TreeSet::new));
				if (!drugs.isEmpty()) {
					orders.add(new DraftOrder(reference, text, Set.of(), null, drugs));
				}
			}
		}
		return orders;
	}

	private void testOrder(ServiceRequest request, String reference, List<DraftOrder> orders) {
		String text = FhirText.join(List.of(words(request.getCode()),
				request.getNote().stream().map(Annotation::getText).collect(Collectors.joining(". ")),
				request.getOrderDetail().stream().map(FhirText::of).collect(Collectors.joining(". "))));
		Set<String> targets = new TreeSet<>();
		for (String token : WORDS.split(text)) {
			knowledge.resolveGeneSymbol(token).filter(GeneEntry::isFusionTarget).map(GeneEntry::symbol).ifPresent(targets::add);
		}
		boolean fusionTest = text.toLowerCase(Locale.ROOT).contains("fusion");
		if (targets.isEmpty() && fusionTest) {
			knowledge.fusionTargets().forEach(targets::add);
		}
		if (targets.isEmpty()) {
			return;
		}
		TestMethod method = knowledge.methodNamedIn(text).map(TestMethod::valueOf).orElse(TestMethod.UNKNOWN);
		orders.add(new DraftOrder(reference, text, targets, method, Set.of()));
	}

	private static String words(CodeableConcept concept) {
		if (concept == null) {
			return "";
		}
		return FhirText.of(concept) + " " + concept.getCoding().stream().map(Coding::getCode).filter(c -> c != null)
				.collect(Collectors.joining(" "));
	}
}
