package io.videojobs.api;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.videojobs.api.dto.BulkRequest;
import io.videojobs.api.dto.BulkView;
import io.videojobs.bulk.BulkActions;
import io.videojobs.bulk.BulkProgress;
import io.videojobs.config.OpenApiDefinition;
import io.videojobs.error.ServiceException;
import io.videojobs.search.JobFilter;
import io.videojobs.security.CurrentCaller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** Bulk retry, cancel and delete: translates {@code /api/jobs/bulk} to {@link BulkActions}. */
@Path("/api/jobs/bulk")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
@SecurityRequirement(name = OpenApiDefinition.BEARER)
public class BulkResource {

    private static final String JSON = MediaType.APPLICATION_JSON;

    private final BulkActions bulks;
    private final CurrentCaller caller;

    public BulkResource(BulkActions bulks, CurrentCaller caller) {
        this.bulks = bulks;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startBulkAction", summary = "Retry, cancel or delete many jobs", description = "Answers "
            + "at once; the service then works through the jobs in batches, each job checked and changed as its "
            + "single-job endpoint would (a job that is not yours ends SKIPPED as not found). The jobs are those of "
            + "job_ids, or those the filter matches when the request is made: jobs created afterwards are not "
            + "touched. If the instance stops, another one finishes the bulk. Follow it with GET "
            + "/api/jobs/bulk/{bulk_id}.")
    @RequestBody(required = true, content = @Content(mediaType = JSON,
            schema = @Schema(implementation = BulkRequest.class)))
    @APIResponse(responseCode = "202", description = "Accepted; it runs in the background",
            headers = @Header(name = "Location", description = "The bulk's progress",
                    schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = BulkView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<RestResponse<BulkView>> start(BulkRequest request) {
        if (request == null) {
            throw ServiceException.invalid("body", "is required");
        }
        if (request.action() == null) {
            throw ServiceException.invalid("action", "is required: RETRY, CANCEL or DELETE");
        }
        if ((request.jobIds() == null) == (request.filter() == null)) {
            throw ServiceException.invalid("job_ids", "give either job_ids or filter");
        }
        Uni<BulkProgress> started = request.jobIds() != null
                ? jobIds(request)
                : bulks.start(caller.get(), request.action(), filter(request.filter()));
        return started.map(progress -> RestResponse.ResponseBuilder
                .create(RestResponse.Status.ACCEPTED, BulkView.from(progress))
                .header(HttpHeaders.LOCATION, "/api/jobs/bulk/" + progress.id()).build());
    }

    @GET
    @Path("/{bulk_id}")
    @Operation(operationId = "getBulkAction", summary = "Follow a bulk action", description = "Its progress, and "
            + "once COMPLETED every job's outcome: DONE, SKIPPED (with why) or FAILED (with why). A finished bulk is "
            + "kept for video-jobs.bulk.keep-finished-for (7 days by default); then it answers 404.")
    @APIResponse(responseCode = "200", description = "The bulk action",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = BulkView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<BulkView> get(@Parameter(description = "The bulk's id; one that is not yours answers 404",
            schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("bulk_id") String bulkId) {
        return bulks.progress(caller.get(), RequestParams.uuid("Bulk action", bulkId)).map(BulkView::from);
    }

    private Uni<BulkProgress> jobIds(BulkRequest request) {
        if (request.jobIds().isEmpty() || request.jobIds().contains(null)) {
            throw ServiceException.invalid("job_ids", "must name at least one job, and no null");
        }
        return bulks.start(caller.get(), request.action(), request.jobIds());
    }

    private static JobFilter filter(BulkRequest.Filter filter) {
        return JobFilterParams.filter("filter.", filter.status(), filter.tag(), filter.createdFrom(),
                filter.createdTo(), filter.q());
    }
}
