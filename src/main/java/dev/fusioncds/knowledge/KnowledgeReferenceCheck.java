package dev.fusioncds.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every id a row mentions must exist: citations, drugs, genes, tumor types, tests. */
final class KnowledgeReferenceCheck {

	private final KnowledgeFiles files;
	private final Set<String> sources;
	private final Set<String> drugs;
	private final Set<String> genes;
	private final Set<String> tumorTypes;
	private final Set<String> tests;
	private final List<String> problems = new ArrayList<>();

	KnowledgeReferenceCheck(KnowledgeFiles files) {
		this.files = files;
		this.sources = files.sources().stream().map(Source::id).collect(Collectors.toSet());
		this.drugs = files.drugs().stream().map(Drug::id).collect(Collectors.toSet());
		this.genes = files.genes().stream().map(GeneEntry::symbol).collect(Collectors.toSet());
		this.tumorTypes = files.tumorTypes().stream().map(TumorType::id).collect(Collectors.toSet());
		this.tests = files.tests().stream().map(TestDefinition::id).collect(Collectors.toSet());
	}

	List<String> problems() {
		files.genes().forEach(g -> cite("genes.json " + g.symbol(), g.citations()));
		files.drugs().forEach(d -> cite("drugs.json " + d.id(), d.citations()));
		for (Regimen regimen : files.regimens()) {
			cite("drugs.json regimen " + regimen.name(), regimen.citations());
			regimen.agents().forEach(agent -> require("drugs.json regimen " + regimen.name(), "drug", agent, drugs));
		}
		files.tumorTypes().forEach(t -> cite("tumor-types.json " + t.id(), t.citations()));
		for (Indication i : files.indications()) {
			String where = "indications.json " + i.id();
			cite(where, i.citations());
			if (i.drug() != null) {
				require(where, "drug", i.drug(), drugs);
			}
			i.genes().forEach(g -> require(where, "gene", g, genes));
			i.tumorTypes().stream().filter(t -> !TumorType.ANY_SOLID.equals(t)).forEach(t -> require(where, "tumor type", t, tumorTypes));
		}
		for (RetestRule r : files.retestRules()) {
			String where = "retest-rules.json " + r.id();
			cite(where, r.citations());
			r.genes().forEach(g -> require(where, "gene", g, genes));
			r.skipIfDetected().forEach(g -> require(where, "gene", g, genes));
			r.tumorTypes().stream().filter(t -> !TumorType.ANY_SOLID.equals(t)).forEach(t -> require(where, "tumor type", t, tumorTypes));
			require(where, "test", r.test(), tests);
		}
		files.methods().forEach(m -> cite("methods.json " + m.method(), m.citations()));
		cite("result-status.json", files.resultVocabulary().citations());
		cite("disease-extent.json", files.diseaseExtent().citations());
		cite("disease-extent.json earlyStageReview", files.diseaseExtent().earlyStageReview().citations());
		files.resultVocabulary().reviews().forEach(r -> cite("result-status.json " + r.id(), r.citations()));
		files.resultVocabulary().codes().forEach(c -> cite("result-status.json " + c.system() + "|" + c.code(), c.citations()));
		CoOccurrence co = files.coOccurrence();
		cite("co-occurrence.json", co.citations());
		cite("co-occurrence.json egfrTkiResistance", co.egfrTkiResistance().citations());
		cite("co-occurrence.json amplificationIsNotFusion", co.amplificationIsNotFusion().citations());
		require("co-occurrence.json amplificationIsNotFusion", "gene", co.amplificationIsNotFusion().driver(), genes);
		require("co-occurrence.json amplificationIsNotFusion", "gene", co.amplificationIsNotFusion().fusionGene(), genes);
		co.drivers().forEach(g -> require("co-occurrence.json", "gene", g, genes));
		co.fusionGenes().forEach(g -> require("co-occurrence.json", "gene", g, genes));
		Resistance resistance = files.resistance();
		cite("resistance.json", resistance.citations());
		cite("resistance.json beyondTypeOne", resistance.beyondTypeOne().citations());
		for (Resistance.Mutation m : resistance.mutations()) {
			String where = "resistance.json " + m.gene() + " " + m.change();
			cite(where, m.citations());
			require(where, "gene", m.gene(), genes);
			m.resistantTo().forEach(d -> require(where, "drug", d, drugs));
		}
		resistance.nextGeneration().forEach(n -> require("resistance.json nextGeneration", "drug", n.drug(), drugs));
		screening(files.screening());
		return problems;
	}

	private void screening(Screening screening) {
		for (Screening.Population p : screening.populations()) {
			String where = "screening.json " + p.id();
			cite(where, p.citations());
			p.tumorTypes().stream().filter(t -> !TumorType.ANY_SOLID.equals(t)).forEach(t -> require(where, "tumor type", t, tumorTypes));
			p.targets().forEach(t -> t.genes().forEach(g -> require(where, "gene", g, genes)));
			p.explainedBy().forEach(g -> require(where, "gene", g, genes));
			p.highWhenWildType().forEach(g -> require(where, "gene", g, genes));
		}
		for (Screening.Gap gap : screening.gaps()) {
			cite("screening.json gap " + gap.code(), gap.citations());
			require("screening.json gap " + gap.code(), "test", gap.test(), tests);
		}
	}

	private void cite(String where, List<String> citations) {
		citations.forEach(c -> require(where, "source", c, sources));
	}

	private void require(String where, String what, String id, Set<String> known) {
		if (!known.contains(id)) {
			problems.add(where + ": unknown " + what + " '" + id + "'");
		}
	}
}
