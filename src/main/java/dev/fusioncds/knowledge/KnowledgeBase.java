package dev.fusioncds.knowledge;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The clinical knowledge, loaded once from {@code terminology/knowledge/} and indexed for lookups by
 * key (never a scan per request). Immutable; identified by a version and a content hash.
 */
public final class KnowledgeBase {

	private final String version;
	private final String contentHash;
	private final Map<String, Source> sources;
	private final Map<String, GeneEntry> genesBySymbol;
	private final Map<String, GeneEntry> genesByAlias;
	private final Map<String, GeneEntry> genesByHgnc;
	private final Set<String> otherApprovedSymbols;
	private final Map<String, Drug> drugsById;
	private final PhraseIndex<Drug> drugNames;
	private final Map<String, TumorType> tumorTypesById;
	private final Map<String, TumorType> tumorTypesByCode;
	private final PhraseIndex<TumorType> tumorPhrases;
	private final PhraseIndex<String> solidTumorPhrases;
	private final PhraseIndex<String> hematologicPhrases;
	private final PhraseIndex<String> msiHighPhrases;
	private final List<Indication> indications;
	private final Map<String, List<Indication>> indicationsByGene;
	private final List<RetestRule> retestRules;
	private final Map<String, TestDefinition> tests;
	private final PhraseIndex<String> methodPhrases;
	private final ResultVocabulary resultVocabulary;
	private final Map<String, ResultVocabulary.CodedStatus> codedStatuses;
	private final DiseaseExtentPhrases diseaseExtent;
	private final PhraseIndex<String> advancedPhrases;
	private final PhraseIndex<String> earlyPhrases;
	private final CoOccurrence coOccurrence;
	private final Resistance resistance;
	private final Screening screening;

	KnowledgeBase(String version, String contentHash, KnowledgeFiles files) {
		this.version = version;
		this.contentHash = contentHash;
		this.sources = index(files.sources(), Source::id);
		this.genesBySymbol = index(files.genes(), GeneEntry::symbol);
		this.genesByHgnc = files.genes().stream()
				.filter(g -> g.hgnc() != null)
				.collect(Collectors.toUnmodifiableMap(GeneEntry::hgnc, g -> g));
		this.otherApprovedSymbols = Set.copyOf(files.otherApprovedSymbols());
		Map<String, GeneEntry> aliases = new HashMap<>();
		for (GeneEntry gene : files.genes()) {
			for (String alias : gene.aliases()) {
				aliases.put(alias.toUpperCase(Locale.ROOT), gene);
			}
		}
		this.genesByAlias = Map.copyOf(aliases);
		this.drugsById = index(files.drugs(), Drug::id);
		this.drugNames = new PhraseIndex<>(java.util.stream.Stream.concat(
						files.drugs().stream().flatMap(d -> java.util.stream.Stream.concat(
										java.util.stream.Stream.of(d.name(), d.id()),
										java.util.stream.Stream.concat(d.brands().stream(), d.synonyms().stream()))
								.distinct()
								.map(name -> Map.entry(name, d))),
						// a regimen's name names each of its agents: "FOLFIRINOX" is prior oxaliplatin, irinotecan...
						files.regimens().stream().flatMap(r -> r.agents().stream().map(agent -> Map.entry(r.name(), drugsById.get(agent)))))
				.toList());
		this.tumorTypesById = index(files.tumorTypes(), TumorType::id);
		Map<String, TumorType> codes = new HashMap<>();
		for (TumorType tumor : files.tumorTypes()) {
			tumor.oncotree().forEach(code -> codes.put("oncotree|" + code, tumor));
			tumor.snomed().forEach(code -> codes.put("snomed|" + code, tumor));
			tumor.icd10().forEach(code -> codes.put("icd10|" + code, tumor));
		}
		this.tumorTypesByCode = Map.copyOf(codes);
		this.tumorPhrases = new PhraseIndex<>(files.tumorTypes().stream()
				.flatMap(t -> t.phrases().stream().map(p -> Map.entry(p, t)))
				.toList());
		this.solidTumorPhrases = PhraseIndex.of(files.solidTumorPhrases());
		this.hematologicPhrases = PhraseIndex.of(files.hematologicPhrases());
		this.msiHighPhrases = PhraseIndex.of(files.msiHighPhrases());
		this.indications = List.copyOf(files.indications());
		this.indicationsByGene = indications.stream()
				.flatMap(i -> i.genes().stream().map(g -> Map.entry(g, i)))
				.collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toUnmodifiableList())));
		this.retestRules = List.copyOf(files.retestRules());
		this.tests = index(files.tests(), TestDefinition::id);
		this.methodPhrases = new PhraseIndex<>(files.methods().stream()
				.flatMap(m -> m.phrases().stream().map(p -> Map.entry(p, m.method())))
				.toList());
		this.resultVocabulary = files.resultVocabulary();
		this.codedStatuses = resultVocabulary.codes().stream()
				.collect(Collectors.toUnmodifiableMap(c -> c.system() + "|" + c.code(), c -> c));
		this.diseaseExtent = files.diseaseExtent();
		this.advancedPhrases = PhraseIndex.of(diseaseExtent.advancedPhrases());
		this.earlyPhrases = PhraseIndex.of(diseaseExtent.earlyPhrases());
		this.coOccurrence = files.coOccurrence();
		this.resistance = files.resistance();
		this.screening = files.screening();
	}

	private static <T> Map<String, T> index(Collection<T> rows, java.util.function.Function<T, String> key) {
		Map<String, T> map = new LinkedHashMap<>();
		rows.forEach(row -> map.put(key.apply(row), row));
		return java.util.Collections.unmodifiableMap(map);
	}

	public String version() {
		return version;
	}

	public String contentHash() {
		return contentHash;
	}

	public Optional<Source> source(String id) {
		return Optional.ofNullable(sources.get(id));
	}

	public Optional<GeneEntry> gene(String approvedSymbol) {
		return Optional.ofNullable(genesBySymbol.get(approvedSymbol));
	}

	public Optional<GeneEntry> geneByHgncId(String hgncId) {
		return Optional.ofNullable(genesByHgnc.get(hgncId));
	}

	/**
	 * Resolves a symbol as a lab writes it. An approved symbol always means its own gene (HRG is not
	 * NRG1), so aliases are consulted only for tokens that are nobody's approved symbol.
	 */
	public Optional<GeneEntry> resolveGeneSymbol(String token) {
		String upper = token.toUpperCase(Locale.ROOT);
		GeneEntry approved = genesBySymbol.get(upper);
		if (approved != null) {
			return Optional.of(approved);
		}
		if (otherApprovedSymbols.contains(upper)) {
			return Optional.empty();
		}
		return Optional.ofNullable(genesByAlias.get(upper));
	}

	/** Approved symbols of the genes whose fusions the engine acts on (NRG1, NTRK1/2/3). */
	public List<String> fusionTargets() {
		return genesBySymbol.values().stream().filter(GeneEntry::isFusionTarget).map(GeneEntry::symbol).sorted().toList();
	}

	public Optional<Drug> drug(String id) {
		return Optional.ofNullable(drugsById.get(id));
	}

	public Collection<Drug> drugs() {
		return drugsById.values();
	}

	/** Is any of these drug ids a drug of the class (EGFR-TKI, first-generation TRK inhibitor)? */
	public boolean anyInClass(Collection<String> drugIds, String drugClass) {
		return drugIds.stream().map(drugsById::get).anyMatch(d -> d != null && d.inClass(drugClass));
	}

	/** Drugs named in free text by generic name, brand or code name. */
	public List<Drug> drugsMentionedIn(String text) {
		return drugNames.allIn(text);
	}

	public Optional<TumorType> tumorType(String id) {
		return Optional.ofNullable(tumorTypesById.get(id));
	}

	/** @param system "oncotree", "snomed" or "icd10" (ICD-10 matches on the code or its parent category) */
	public Optional<TumorType> tumorTypeByCode(String system, String code) {
		TumorType exact = tumorTypesByCode.get(system + "|" + code);
		if (exact != null || !"icd10".equals(system)) {
			return Optional.ofNullable(exact);
		}
		return tumorTypesByCode.entrySet().stream()
				.filter(e -> e.getKey().startsWith("icd10|") && code.startsWith(e.getKey().substring(6)))
				.map(Map.Entry::getValue)
				.findFirst();
	}

	public List<TumorType> tumorTypesMentionedIn(String text) {
		return tumorPhrases.allIn(text);
	}

	/** A diagnosis text that names a solid malignancy (and not a hematologic one). */
	public boolean describesSolidTumor(String text) {
		return !hematologicPhrases.foundIn(text) && solidTumorPhrases.foundIn(text);
	}

	/** A text that says the tumor is MSI-high or mismatch-repair deficient. */
	public boolean describesMsiHigh(String text) {
		return msiHighPhrases.foundIn(text);
	}

	public List<Indication> indicationsFor(String geneSymbol) {
		return indicationsByGene.getOrDefault(geneSymbol, List.of());
	}

	public List<Indication> indications() {
		return indications;
	}

	public List<RetestRule> retestRules() {
		return retestRules;
	}

	public Optional<TestDefinition> test(String id) {
		return Optional.ofNullable(tests.get(id));
	}

	/** The first test method (methods.json order) whose phrase appears in the text, if any. */
	public Optional<String> methodNamedIn(String text) {
		return methodPhrases.firstIn(text);
	}

	/** What a coded answer (value, interpretation, data-absent reason, conclusion code) says about a result. */
	public Optional<ResultVocabulary.CodedStatus> codedStatus(String system, String code) {
		return Optional.ofNullable(codedStatuses.get(system + "|" + code));
	}

	public DiseaseExtentPhrases diseaseExtent() {
		return diseaseExtent;
	}

	/** The advanced-disease phrases the text names ("metastatic", "stage IV"), in the data's order. */
	public List<String> advancedDiseaseNamedIn(String text) {
		return advancedPhrases.allIn(text);
	}

	/** The early- or resected-disease phrases the text names ("stage IA", "completely resected"). */
	public List<String> earlyDiseaseNamedIn(String text) {
		return earlyPhrases.allIn(text);
	}

	public ResultVocabulary resultVocabulary() {
		return resultVocabulary;
	}

	public CoOccurrence coOccurrence() {
		return coOccurrence;
	}

	public Screening screening() {
		return screening;
	}

	/** The tumor types the rules name, in file order. */
	public java.util.Collection<TumorType> tumorTypes() {
		return tumorTypesById.values();
	}

	public Resistance resistance() {
		return resistance;
	}

	public Optional<Resistance.Mutation> resistanceMutation(String gene, String change) {
		return resistance.mutations().stream()
				.filter(m -> m.gene().equals(gene) && m.change().equalsIgnoreCase(change))
				.findFirst();
	}
}
