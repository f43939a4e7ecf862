package dev.fusioncds.knowledge;

import java.util.List;

/** The parsed content of the knowledge files, before indexing. */
record KnowledgeFiles(
		List<Source> sources,
		List<GeneEntry> genes,
		List<String> otherApprovedSymbols,
		List<Drug> drugs,
		List<Regimen> regimens,
		List<TumorType> tumorTypes,
		List<String> solidTumorPhrases,
		List<String> hematologicPhrases,
		List<String> msiHighPhrases,
		List<Indication> indications,
		List<RetestRule> retestRules,
		List<TestDefinition> tests,
		List<MethodPhrases> methods,
		ResultVocabulary resultVocabulary,
		DiseaseExtentPhrases diseaseExtent,
		CoOccurrence coOccurrence,
		Resistance resistance,
		Screening screening) {}
