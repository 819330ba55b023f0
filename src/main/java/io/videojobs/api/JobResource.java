package io.videojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.videojobs.api.dto.ErrorResponse;
import io.videojobs.api.dto.EventPageView;
import io.videojobs.api.dto.JobListView;
import io.videojobs.api.dto.JobView;
import io.videojobs.api.dto.SubmitJobRequest;
import io.videojobs.config.JobsConfig;
import io.videojobs.error.ServiceException;
import io.videojobs.job.JobOptions;
import io.videojobs.job.JobReader;
import io.videojobs.job.JobService;
import io.videojobs.job.JobSubmissions;
import io.videojobs.job.MetadataEdits;
import io.videojobs.job.StageId;
import io.videojobs.job.SubmitJobCommand;
import io.videojobs.security.CurrentCaller;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** The job REST API: translates HTTP to {@link JobService} calls and back. */
@Path("/api/jobs")
@Authenticated
@CompletesDespiteDisconnect
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "Missing, invalid or expired token",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public class JobResource {

    private final JobSubmissions submissions;
    private final JobService jobs;
    private final JobReader reader;
    private final CurrentCaller caller;
    private final JobsConfig config;
    private final ObjectMapper mapper;

    public JobResource(JobSubmissions submissions, JobService jobs, JobReader reader, CurrentCaller caller, JobsConfig config,
                       ObjectMapper mapper) {
        this.submissions = submissions;
        this.jobs = jobs;
        this.reader = reader;
        this.caller = caller;
        this.config = config;
        this.mapper = mapper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a video job", description = "Returns at once with the PENDING job. "
            + "With an Idempotency-Key, a retry returns the original job; the same key with another body is a 409.")
    @APIResponse(responseCode = "202", description = "Job accepted",
            content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", description = "Invalid body", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "Idempotency-Key reused with another body", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "429", description = "Submission rate exceeded; see Retry-After", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RestResponse<JobView>> submit(
            @Valid SubmitJobRequest request,
            @Parameter(description = "Makes retries return the original job") @RestHeader("Idempotency-Key") String idempotencyKey) {
        if (request == null) {
            throw ServiceException.invalid("body", "is required");
        }
        List<StageId> stages = request.stages() == null ? StageId.all()
                : StageId.all().stream().filter(request.stages()::contains).toList();
        JobOptions options = request.options() == null ? JobOptions.DEFAULTS : request.options();
        SubmitJobCommand command = new SubmitJobCommand(request.sourceUrl(), stages, options,
                RequestParams.idempotencyKey(idempotencyKey));
        return submissions.submit(caller.get(), command).map(result -> {
            JobView view = JobView.from(result.details(), mapper);
            RestResponse.ResponseBuilder<JobView> response = RestResponse.ResponseBuilder
                    .<JobView>create(RestResponse.Status.ACCEPTED, view)
                    .location(URI.create("/api/jobs/" + view.jobId()));
            if (result.replayed()) {
                response.header("Idempotent-Replayed", "true");
            }
            return response.build();
        });
    }

    @GET
    @Operation(summary = "List your jobs", description = "Newest first; admins see every user's jobs.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = JobListView.class)))
    @APIResponse(responseCode = "400", description = "Bad status, limit or cursor", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<JobListView> list(
            @Parameter(schema = @Schema(enumeration = {"PENDING", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"})) @RestQuery String status,
            @Parameter(description = "1 to 100, default 20", schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String limit,
            @Parameter(description = "next_cursor of the previous page") @RestQuery String cursor) {
        int pageSize = RequestParams.intInRange("limit", limit, config.defaultPageSize(), 1, config.maxPageSize());
        return jobs.list(caller.get(), RequestParams.status(status), cursor, pageSize).map(JobListView::from);
    }

    @GET
    @Path("/{job_id}")
    @Operation(summary = "Get a job", description = "Status, stages, metadata, thumbnails and last_seq.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "No such job of yours", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<JobView> get(@RestPath("job_id") String jobId) {
        return reader.get(caller.get(), RequestParams.jobId(jobId)).map(details -> JobView.from(details, mapper));
    }

    @POST
    @Path("/{job_id}/cancel")
    @Operation(summary = "Cancel a job", description = "Moves a PENDING or PROCESSING job to CANCELLED.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "No such job of yours", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "The job has already ended", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<JobView> cancel(@RestPath("job_id") String jobId) {
        return jobs.cancel(caller.get(), RequestParams.jobId(jobId)).map(details -> JobView.from(details, mapper));
    }

    @PATCH
    @Path("/{job_id}/metadata")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit metadata", description = "Sets TITLE, DESCRIPTION and/or TAGS, for example "
            + "{\"TITLE\":\"My trip\",\"TAGS\":[\"travel\"]}. Processing never overwrites these edits.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", description = "Unknown or invalid metadata", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No such job of yours", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<JobView> editMetadata(@RestPath("job_id") String jobId, JsonNode body) {
        UUID id = RequestParams.jobId(jobId);
        return jobs.editMetadata(caller.get(), id, MetadataEdits.parse(body)).map(details -> JobView.from(details, mapper));
    }

    @GET
    @Path("/{job_id}/events")
    @Operation(summary = "Poll logged events", description = "Events with seq > after_seq, in order, exactly as the "
            + "WebSocket sends them. The fallback for a client that lost its socket.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = EventPageView.class)))
    @APIResponse(responseCode = "400", description = "Bad after_seq or limit", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No such job of yours", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<EventPageView> events(
            @RestPath("job_id") String jobId,
            @Parameter(description = "Last seq already seen, default 0", schema = @Schema(type = SchemaType.INTEGER)) @RestQuery("after_seq") String afterSeq,
            @Parameter(description = "1 to 1000, default 100", schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String limit) {
        UUID id = RequestParams.jobId(jobId);
        long after = RequestParams.nonNegativeLong("after_seq", afterSeq);
        int pageSize = RequestParams.intInRange("limit", limit, 100, 1, config.maxEventPageSize());
        return jobs.events(caller.get(), id, after, pageSize).map(slice -> EventPageView.from(id, after, slice));
    }
}
