package dev.fusioncds.operations.reevaluate;

import ca.uhn.fhir.batch2.api.IJobDataSink;
import ca.uhn.fhir.batch2.api.RunOutcome;
import ca.uhn.fhir.batch2.api.StepExecutionDetails;
import ca.uhn.fhir.batch2.api.VoidModel;
import ca.uhn.fhir.batch2.model.JobDefinition;
import dev.fusioncds.ingest.FusionPatients;
import dev.fusioncds.ingest.PatientEvaluation;
import dev.fusioncds.rules.Jurisdiction;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The re-evaluation as a HAPI Batch2 job: the first step pages through the patients with fusion
 * results and emits batches; the second re-evaluates each patient in its own transaction, exactly
 * as ingest does (unchanged suggestions stay untouched, changed ones are superseded). Batch2 keeps
 * the job and its work chunks in the database, so it runs once across nodes and survives restarts.
 */
@Configuration
public class ReevaluateJob {

	public static final String JOB_ID = "fusion-cds-reevaluate";
	static final int BATCH_SIZE = 100;

	@Bean
	JobDefinition<ReevaluateParameters> reevaluateJobDefinition(
			FusionPatients fusionPatients, PatientEvaluation evaluation, PlatformTransactionManager transactions,
			ReevaluationProgress progress) {
		TransactionTemplate perPatient = new TransactionTemplate(transactions);
		return JobDefinition.newBuilder()
				.setJobDefinitionId(JOB_ID)
				.setJobDefinitionVersion(1)
				.setJobDescription("Re-evaluate stored fusion results against the current knowledge base")
				.setParametersType(ReevaluateParameters.class)
				.addFirstStep("find-patients", "Page through the patients with fusion results", PatientBatch.class,
						(StepExecutionDetails<ReevaluateParameters, VoidModel> details, IJobDataSink<PatientBatch> sink) -> {
							ReevaluateParameters parameters = details.getParameters();
							String staleFor = parameters.onlyStale() ? parameters.knowledgeVersion() : null;
							int total = fusionPatients.count(staleFor);
							List<String> page = fusionPatients.page(staleFor, "", BATCH_SIZE);
							while (!page.isEmpty()) {
								sink.accept(new PatientBatch(page, total));
								page = fusionPatients.page(staleFor, page.get(page.size() - 1), BATCH_SIZE);
							}
							// records are counted where patients are re-evaluated, not where they are listed
							return RunOutcome.SUCCESS;
						})
				.addLastStep("reevaluate", "Re-evaluate each patient and reconcile its suggestions",
						(StepExecutionDetails<ReevaluateParameters, PatientBatch> details, IJobDataSink<VoidModel> sink) -> {
							Jurisdiction jurisdiction = Jurisdiction.fromCode(details.getParameters().jurisdiction()).orElseThrow();
							PatientBatch batch = details.getData();
							String jobId = details.getInstance().getInstanceId();
							progress.chunkStarted(jobId, batch.jobTotal());
							for (String patient : batch.patients()) {
								perPatient.executeWithoutResult(status ->
										evaluation.reevaluate(patient, jurisdiction, details.newSystemRequestDetails()));
							}
							progress.chunkDone(jobId, batch.jobTotal(), batch.patients().size());
							return new RunOutcome(batch.patients().size());
						})
				.build();
	}
}
