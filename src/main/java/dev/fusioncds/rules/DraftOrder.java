package dev.fusioncds.rules;

import dev.fusioncds.fusion.TestMethod;
import java.util.Set;

/**
 * An order being signed, in plain values (the order-sign hook's draft orders).
 *
 * @param reference the draft order's reference, the source of any suggestion about it
 * @param fusionTargets fusion target genes the order names (NRG1, NTRK1…); a test order that names
 *     none but says "fusion" targets every fusion gene
 * @param method the test method, for test orders; null for drug orders
 * @param drugIds knowledge-base drug ids, for drug orders
 */
public record DraftOrder(String reference, String description, Set<String> fusionTargets, TestMethod method, Set<String> drugIds) {

	public boolean isTest() {
		return method != null;
	}
}
