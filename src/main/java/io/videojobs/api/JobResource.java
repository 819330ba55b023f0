package io.videojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.videojobs.api.dto.EventPageView;
import io.videojobs.api.dto.JobCountView;
import io.videojobs.api.dto.JobListView;
import io.videojobs.api.dto.JobView;
import io.videojobs.api.dto.SubmitJobRequest;
import io.videojobs.config.JobsConfig;
import io.videojobs.config.OpenApiDefinition;
import io.videojobs.error.ServiceException;
import io.videojobs.job.JobDetails;
import io.videojobs.job.JobOptions;
import io.videojobs.job.JobReader;
import io.videojobs.job.JobRemoval;
import io.videojobs.job.JobService;
import io.videojobs.job.JobSubmissions;
import io.videojobs.job.JobUploads;
import io.videojobs.job.MetadataEdits;
import io.videojobs.job.StageId;
import io.videojobs.job.SubmitJobCommand;
import io.videojobs.job.SubmitResult;
import io.videojobs.search.JobFinder;
import io.videojobs.security.CurrentCaller;
import io.videojobs.security.ThumbnailLinks;
import jakarta.validation.Validator;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The job REST API: translates HTTP to {@link JobService} calls and back. */
@Path("/api/jobs")
@Authenticated
@CompletesDespiteDisconnect
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
@SecurityRequirement(name = OpenApiDefinition.BEARER)
public class JobResource {

    private static final String JSON = MediaType.APPLICATION_JSON;
    static final String JOB_ID = "The job's id; one that is not yours answers 404 like a missing one";
    private static final String SUBMIT_DESCRIPTION = "Returns at once with the PENDING job. The body is JSON "
            + "(`source_url`, a video the service downloads) or multipart/form-data (a `file` part, the video itself, "
            + "streamed to storage, with optional `stages` and `options` fields, each JSON as in the JSON body). With "
            + "an Idempotency-Key, a retry by the same user with the same body answers the original job (header "
            + "Idempotent-Replayed: true); the same key with another body answers 409 CONFLICT.";


    private final JobSubmissions submissions;
    private final JobUploads uploads;
    private final JobService jobs;
    private final JobReader reader;
    private final JobFinder finder;
    private final JobRemoval removal;
    private final CurrentCaller caller;
    private final JobsConfig config;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final ThumbnailLinks thumbnailLinks;

    public JobResource(JobSubmissions submissions, JobUploads uploads, JobService jobs, JobReader reader,
                       JobFinder finder, JobRemoval removal, CurrentCaller caller, JobsConfig config, ObjectMapper mapper,
                       Validator validator, ThumbnailLinks thumbnailLinks) {
        this.submissions = submissions;
        this.uploads = uploads;
        this.jobs = jobs;
        this.reader = reader;
        this.finder = finder;
        this.removal = removal;
        this.caller = caller;
        this.config = config;
        this.mapper = mapper;
        this.validator = validator;
        this.thumbnailLinks = thumbnailLinks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitJob", summary = "Submit a video job", description = SUBMIT_DESCRIPTION)
    @RequestBody(required = true, content = @Content(mediaType = JSON,
            schema = @Schema(implementation = SubmitJobRequest.class),
            examples = @ExampleObject(name = "video at a URL", ref = "SubmitJob")))
    @APIResponse(responseCode = "202", ref = "JobAccepted")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<RestResponse<JobView>> submit(
            @Valid SubmitJobRequest request,
            @Parameter(description = "Makes retries return the original job", schema = @Schema(minLength = 1, maxLength = 255))
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        if (request == null) {
            throw ServiceException.invalid("body", "is required");
        }
        List<StageId> stages = request.stages() == null ? StageId.all()
                : StageId.all().stream().filter(request.stages()::contains).toList();
        JobOptions options = request.options() == null ? JobOptions.DEFAULTS : request.options();
        SubmitJobCommand command = new SubmitJobCommand(request.sourceUrl(), stages, options,
                RequestParams.idempotencyKey(idempotencyKey));
        return submissions.submit(caller.get(), command).map(this::accepted);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Submit a video job", description = SUBMIT_DESCRIPTION) // one operation with submit: its id
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(ref = "JobUpload")))
    @APIResponse(responseCode = "202", ref = "JobAccepted")
    @APIResponse(responseCode = "503", ref = "StorageUnavailable")
    public Uni<RestResponse<JobView>> upload(
            @RestForm("file") FileUpload file,
            @RestForm("stages") String stages,
            @RestForm("options") String options,
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        if (file == null || file.uploadedFile() == null) {
            throw ServiceException.invalid("file", "is required");
        }
        SubmitJobCommand command = new SubmitJobCommand(null, UploadFields.stages(stages, mapper),
                UploadFields.options(options, mapper, validator), RequestParams.idempotencyKey(idempotencyKey));
        return uploads.submit(caller.get(), file.uploadedFile(), file.fileName(), command).map(this::accepted);
    }

    @GET
    @Operation(operationId = "listJobs", summary = "List your jobs", description = "Newest first; admins see every "
            + "user's jobs. The filters combine (all must hold), and next_cursor pages through the filtered list.")
    @APIResponse(responseCode = "200", description = "A page of jobs",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = JobListView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<JobListView> list(
            @BeanParam JobFilterParams filter,
            @Parameter(description = "Page size, default 20", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) @RestQuery String limit,
            @Parameter(description = "next_cursor of the previous page, with the same filters") @RestQuery String cursor) {
        int pageSize = RequestParams.intInRange("limit", limit, config.defaultPageSize(), 1, config.maxPageSize());
        return finder.list(caller.get(), filter.toFilter(), cursor, pageSize)
                .map(page -> JobListView.from(page, thumbnailLinks));
    }

    @GET
    @Path("/count")
    @Operation(operationId = "countJobs", summary = "Count your jobs", description = "How many jobs the same filters "
            + "as GET /api/jobs match: what a \"select all N matching\" offers.")
    @APIResponse(responseCode = "200", description = "The count",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = JobCountView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<JobCountView> count(@BeanParam JobFilterParams filter) {
        return finder.count(caller.get(), filter.toFilter()).map(JobCountView::new);
    }

    @GET
    @Path("/{job_id}")
    @Operation(operationId = "getJob", summary = "Get a job", description = "Status, stages, metadata, thumbnails and last_seq.")
    @APIResponse(responseCode = "200", description = "The job", content = @Content(mediaType = JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<JobView> get(@Parameter(description = JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId) {
        return reader.get(caller.get(), RequestParams.jobId(jobId)).map(this::view);
    }

    @DELETE
    @Path("/{job_id}")
    @Operation(operationId = "deleteJob", summary = "Delete a job", description = "Removes the job, its events and "
            + "its files; a running job is stopped (its ffmpeg killed) first.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> delete(@Parameter(description = JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId) {
        return removal.delete(caller.get(), RequestParams.jobId(jobId)).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{job_id}/cancel")
    @Operation(operationId = "cancelJob", summary = "Cancel a job", description = "Moves a PENDING or PROCESSING "
            + "job to CANCELLED; a job that already ended answers 409 CONFLICT.")
    @APIResponse(responseCode = "200", description = "The job, CANCELLED", content = @Content(mediaType = JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<JobView> cancel(@Parameter(description = JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId) {
        return jobs.cancel(caller.get(), RequestParams.jobId(jobId)).map(this::view);
    }

    @POST
    @Path("/{job_id}/retry")
    @Operation(operationId = "retryJob", summary = "Retry a job", description = "Runs a FAILED or CANCELLED job again from its first "
            + "unfinished stage: completed stages and their results are kept, the others go back to PENDING, and the "
            + "job gets a fresh attempt budget. Its event log goes on with the next seq, so subscribers see the "
            + "retry live. A PENDING, PROCESSING or COMPLETED job answers 409 CONFLICT.")
    @APIResponse(responseCode = "200", description = "The job, PENDING again",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<JobView> retry(@Parameter(description = JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId) {
        return jobs.retry(caller.get(), RequestParams.jobId(jobId)).map(this::view);
    }

    @PATCH
    @Path("/{job_id}/metadata")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateJobMetadata", summary = "Edit metadata", description = "Sets TITLE, DESCRIPTION "
            + "and/or TAGS. Processing never overwrites these edits.")
    @RequestBody(required = true, content = @Content(mediaType = JSON, schema = @Schema(ref = "MetadataPatch"),
            examples = @ExampleObject(name = "title and tags", ref = "PatchMetadata")))
    @APIResponse(responseCode = "200", description = "The job with its new metadata",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<JobView> editMetadata(@Parameter(description = JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId, JsonNode body) {
        UUID id = RequestParams.jobId(jobId);
        return jobs.editMetadata(caller.get(), id, MetadataEdits.parse(body)).map(this::view);
    }

    @GET
    @Path("/{job_id}/events")
    @Operation(operationId = "listJobEvents", summary = "Poll logged events", description = "Events with seq > "
            + "after_seq, in order, exactly as the WebSocket sends them. The fallback for a client that lost its socket.")
    @APIResponse(responseCode = "200", description = "A page of events",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = EventPageView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<EventPageView> events(
            @Parameter(description = JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId,
            @Parameter(description = "Last seq already seen, default 0", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0")) @RestQuery("after_seq") String afterSeq,
            @Parameter(description = "Page size, default 100", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000")) @RestQuery String limit) {
        UUID id = RequestParams.jobId(jobId);
        long after = RequestParams.nonNegativeLong("after_seq", afterSeq);
        int pageSize = RequestParams.intInRange("limit", limit, 100, 1, config.maxEventPageSize());
        return jobs.events(caller.get(), id, after, pageSize).map(slice -> EventPageView.from(id, after, slice));
    }

    private RestResponse<JobView> accepted(SubmitResult result) {
        return JobAccepted.of(view(result.details()), result.replayed());
    }

    private JobView view(JobDetails details) {
        return JobView.from(details, mapper, thumbnailLinks);
    }
}
