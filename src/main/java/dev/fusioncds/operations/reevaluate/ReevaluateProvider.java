package dev.fusioncds.operations.reevaluate;

import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code $reevaluate} with the FHIR asynchronous request pattern: 202 and a {@code Content-Location}
 * to poll; {@code $reevaluate-status} answers 202 with {@code X-Progress} while the job runs, 200
 * with a summary when it completed, 500 with an OperationOutcome when it failed.
 */
@Component
public class ReevaluateProvider {

	static final String CANONICAL = "https://fusion-cds.dev/fhir/OperationDefinition/reevaluate";
	static final String STATUS_CANONICAL = "https://fusion-cds.dev/fhir/OperationDefinition/reevaluate-status";

	private final Reevaluations reevaluations;
	private final FhirContext fhirContext;

	ReevaluateProvider(Reevaluations reevaluations, FhirContext fhirContext) {
		this.reevaluations = reevaluations;
		this.fhirContext = fhirContext;
	}

	@Operation(name = "$reevaluate", manualResponse = true, canonicalUrl = CANONICAL)
	public void reevaluate(RequestDetails request, HttpServletResponse response) throws IOException {
		String instanceId = reevaluations.start(false, request);
		response.setHeader(Constants.HEADER_CONTENT_LOCATION, statusUrl(request, instanceId));
		write(response, HttpServletResponse.SC_ACCEPTED, outcome(OperationOutcome.IssueSeverity.INFORMATION,
				"Re-evaluation job " + instanceId + " accepted; poll the Content-Location for progress"));
	}

	@Operation(name = "$reevaluate-status", manualResponse = true, idempotent = true, canonicalUrl = STATUS_CANONICAL)
	public void status(
			@OperationParam(name = "_jobId", typeName = "string", min = 1, max = 1) StringType jobId,
			RequestDetails request,
			HttpServletResponse response) throws IOException {
		if (jobId == null || jobId.isEmpty()) {
			throw new InvalidRequestException("$reevaluate-status needs _jobId");
		}
		JobInstance job;
		try {
			job = reevaluations.status(jobId.getValue());
		} catch (ResourceNotFoundException e) {
			throw new ResourceNotFoundException("No re-evaluation job " + jobId.getValue());
		}
		if (!ReevaluateJob.JOB_ID.equals(job.getJobDefinitionId())) {
			throw new ResourceNotFoundException("No re-evaluation job " + jobId.getValue());
		}
		StatusEnum status = job.getStatus();
		if (status == StatusEnum.COMPLETED) {
			write(response, HttpServletResponse.SC_OK, summary(job));
		} else if (status == StatusEnum.FAILED || status == StatusEnum.CANCELLED) {
			write(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, outcome(OperationOutcome.IssueSeverity.ERROR,
					"Re-evaluation job " + job.getInstanceId() + " " + status + ": " + job.getErrorMessage()));
		} else {
			response.setHeader("X-Progress", status + ", " + Math.round(job.getProgress() * 100) + "% ("
					+ recordsOf(job) + " patients re-evaluated)");
			response.setHeader("Retry-After", "2");
			write(response, HttpServletResponse.SC_ACCEPTED, summary(job));
		}
	}

	private static Parameters summary(JobInstance job) {
		Parameters summary = new Parameters();
		summary.addParameter("jobId", job.getInstanceId());
		summary.addParameter("status", job.getStatus().name());
		summary.addParameter().setName("progress").setValue(new DecimalType(job.getProgress()));
		summary.addParameter().setName("patientsReevaluated").setValue(new IntegerType(recordsOf(job)));
		summary.addParameter("knowledgeVersion", job.getParameters(ReevaluateParameters.class).knowledgeVersion());
		if (job.getStartTime() != null) {
			summary.addParameter().setName("started").setValue(new DateTimeType(job.getStartTime()));
		}
		if (job.getEndTime() != null) {
			summary.addParameter().setName("ended").setValue(new DateTimeType(job.getEndTime()));
		}
		return summary;
	}

	private static int recordsOf(JobInstance job) {
		return job.getCombinedRecordsProcessed() == null ? 0 : job.getCombinedRecordsProcessed();
	}

	private static OperationOutcome outcome(OperationOutcome.IssueSeverity severity, String text) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(severity).setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics(text);
		return outcome;
	}

	private static String statusUrl(RequestDetails request, String instanceId) {
		return request.getFhirServerBase() + "/$reevaluate-status?_jobId=" + instanceId;
	}

	private void write(HttpServletResponse response, int status, IBaseResource body) throws IOException {
		response.setStatus(status);
		response.setContentType(Constants.CT_FHIR_JSON_NEW);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(fhirContext.newJsonParser().encodeResourceToString(body));
		response.getWriter().close();
	}
}
