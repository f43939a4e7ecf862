package dev.fusioncds.demo;

/**
 * One synthetic patient's story, before it is written as FHIR: the tumor, how far it spread, what
 * was given, which driver was found, and which fusion test was done with what outcome.
 *
 * @param fusionTest null when the patient was never tested for a fusion
 * @param priorTherapy the systemic therapy given before, null when none is recorded
 * @param driver the driver mutation found by DNA panel ("EGFR exon 19 deletion", "KRAS G12D"), a
 *     wild-type statement ("EGFR wild-type"), or null when no driver panel is on record
 */
public record CohortPatient(
		String id,
		int index,
		Tumor tumor,
		boolean advanced,
		String birthDate,
		String gender,
		String priorTherapy,
		String driver,
		FusionTest fusionTest,
		String testDate) {

	/** Tumor types that matter for fusion testing, and one that stands for the other advanced solid tumors. */
	public enum Tumor {
		NSCLC("http://snomed.info/sct", "254637007", "Non-small cell lung cancer", "NRG1", "CD74", "HGNC:1697"),
		PANCREATIC("http://data.mskcc.org/ontologies/oncotree", "PAAD", "Pancreatic adenocarcinoma", "NRG1", "SLC3A2", null),
		CHOLANGIOCARCINOMA("http://snomed.info/sct", "312104005", "Cholangiocarcinoma", "NRG1", "CD74", "HGNC:1697"),
		SECRETORY_BREAST("http://data.mskcc.org/ontologies/oncotree", "JSCB", "Secretory carcinoma of the breast", "NTRK3", "ETV6", "HGNC:3495"),
		MASC(null, null, "Mammary analogue secretory carcinoma of the parotid", "NTRK3", "ETV6", "HGNC:3495"),
		INFANTILE_FIBROSARCOMA("http://data.mskcc.org/ontologies/oncotree", "IFS", "Infantile fibrosarcoma", "NTRK3", "ETV6", "HGNC:3495"),
		COLORECTAL("http://data.mskcc.org/ontologies/oncotree", "COAD", "Colorectal adenocarcinoma", "NTRK1", "TPM3", null),
		SOFT_TISSUE_SARCOMA(null, null, "Soft tissue sarcoma", "NTRK1", "TPM3", null);

		final String system;
		final String code;
		final String text;
		/** The fusion's 3' target gene typical for this tumor, and its usual 5' partner. */
		final String target;
		final String partner;
		final String partnerHgnc;

		Tumor(String system, String code, String text, String target, String partner, String partnerHgnc) {
			this.system = system;
			this.code = code;
			this.text = text;
			this.target = target;
			this.partner = partner;
			this.partnerHgnc = partnerHgnc;
		}
	}

	/** Fusion tests as labs report them, each in an encoding the readers accept. */
	public enum FusionTest {
		/** RNA NGS, GRIG variant with HGNC gene components, Present. */
		RNA_POSITIVE_GRIG,
		/** RNA NGS, lab free text naming the fusion ("CD74::NRG1 fusion detected"). */
		RNA_POSITIVE_TEXT,
		/** DNA-based NGS only, negative: RNA retest where the tumor needs it. */
		DNA_NEGATIVE,
		/** RNA NGS negative for NRG1 and NTRK1-3: adequately tested. */
		RNA_NEGATIVE,
		/** Pan-TRK immunohistochemistry positive, never confirmed by NGS. */
		PAN_TRK_IHC_POSITIVE,
		/** NRG1 FISH break-apart positive, never confirmed by NGS. */
		FISH_POSITIVE,
		/** A test that failed (QNS) and was never repeated. */
		FAILED
	}
}
