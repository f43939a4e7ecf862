package dev.fusioncds.operations.subsumes;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.rp.r4.CodeSystemResourceProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseParameters;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Parameters;

/**
 * HAPI's CodeSystem endpoint with {@code $subsumes} answered by {@link Subsumption}. The override carries
 * no annotations on purpose: HAPI binds the operation from the annotated method it overrides (with its
 * parameters and CapabilityStatement entry), and calling that method on this provider runs this one.
 */
class SubsumesProvider extends CodeSystemResourceProvider {

	private final Subsumption subsumption;

	SubsumesProvider(IFhirResourceDao<CodeSystem> dao, Subsumption subsumption) {
		this.subsumption = subsumption;
		setContext(dao.getContext());
		setDao(dao);
	}

	@Override
	public IBaseParameters subsumes(
			HttpServletRequest request,
			IPrimitiveType<String> codeA,
			IPrimitiveType<String> codeB,
			IPrimitiveType<String> system,
			IBaseCoding codingA,
			IBaseCoding codingB,
			IPrimitiveType<String> version,
			RequestDetails requestDetails) {
		String outcome = subsumption.test(code("A", codeA, system, version, codingA), code("B", codeB, system, version, codingB))
				.toCode();
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("outcome").setValue(new CodeType(outcome));
		return parameters;
	}

	private static Subsumption.Code code(String which, IPrimitiveType<String> code, IPrimitiveType<String> system,
			IPrimitiveType<String> version, IBaseCoding coding) {
		if (coding != null) {
			Coding given = (Coding) coding;
			if (!given.hasSystem() || !given.hasCode()) {
				throw new InvalidRequestException("coding" + which + " needs a system and a code");
			}
			return new Subsumption.Code(given.getSystem(), given.getVersion(), given.getCode());
		}
		if (code == null || code.isEmpty() || system == null || system.isEmpty()) {
			throw new InvalidRequestException("$subsumes needs code" + which + " with system, or coding" + which);
		}
		return new Subsumption.Code(system.getValueAsString(), version == null ? null : version.getValueAsString(),
				code.getValueAsString());
	}
}
