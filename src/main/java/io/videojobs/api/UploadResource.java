package io.videojobs.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.videojobs.api.dto.JobView;
import io.videojobs.api.dto.PartUrlView;
import io.videojobs.api.dto.PartUrlsRequest;
import io.videojobs.api.dto.PartUrlsView;
import io.videojobs.api.dto.StartUploadRequest;
import io.videojobs.api.dto.UploadStateView;
import io.videojobs.api.dto.UploadView;
import io.videojobs.config.OpenApiDefinition;
import io.videojobs.error.ServiceException;
import io.videojobs.job.JobOptions;
import io.videojobs.job.StageId;
import io.videojobs.job.SubmitResult;
import io.videojobs.security.CurrentCaller;
import io.videojobs.security.ThumbnailLinks;
import io.videojobs.upload.Uploads;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
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
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Resumable direct uploads: translates HTTP to {@link Uploads}. The file's bytes go to the part URLs (the store's,
 * or with local storage {@link #putPart} here), never through the JSON calls.
 */
@Path("/api/uploads")
@Authenticated
@CompletesDespiteDisconnect
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Uploads", description = "Resumable direct uploads: the file goes in parts straight to the store, then "
        + "becomes a job")
@SecurityRequirement(name = OpenApiDefinition.BEARER)
public class UploadResource {

    private static final String JSON = MediaType.APPLICATION_JSON;
    private static final String UPLOAD_ID = "The upload's id; one that is not yours answers 404 like a missing one";
    static final String PARTS_PATH = "/{upload_id}/parts/{part_number}";

    private final Uploads uploads;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;
    private final ThumbnailLinks links;

    public UploadResource(Uploads uploads, CurrentCaller caller, ObjectMapper mapper, ThumbnailLinks links) {
        this.uploads = uploads;
        this.caller = caller;
        this.mapper = mapper;
        this.links = links;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startUpload", summary = "Start a resumable upload", description = "Declares the file; "
            + "answers how to cut it (part_size, part_count) and signed, short-lived URLs for the first parts. PUT each "
            + "part's bytes to its URL (in parallel if you like), then complete. Size and rate limits are those of "
            + "POST /api/jobs.")
    @RequestBody(required = true, content = @Content(mediaType = JSON, schema = @Schema(implementation = StartUploadRequest.class)))
    @APIResponse(responseCode = "201", description = "The upload",
            headers = @Header(name = "Location", required = true, description = "The upload's state",
                    schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = UploadView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    @APIResponse(responseCode = "503", ref = "StorageUnavailable")
    public Uni<RestResponse<UploadView>> start(@Valid StartUploadRequest request) {
        if (request == null) {
            throw ServiceException.invalid("body", "is required");
        }
        List<StageId> stages = request.stages() == null ? StageId.all()
                : StageId.all().stream().filter(request.stages()::contains).toList();
        JobOptions options = request.options() == null ? JobOptions.DEFAULTS : request.options();
        return uploads.start(caller.get(), new Uploads.NewUpload(request.filename(), request.size(), request.contentType(),
                        stages, options))
                .map(started -> RestResponse.ResponseBuilder
                        .create(RestResponse.Status.CREATED, UploadView.from(started.upload(), started.parts()))
                        .header(HttpHeaders.LOCATION, "/api/uploads/" + started.upload().id()).build());
    }

    @POST
    @Path("/{upload_id}/parts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "signUploadParts", summary = "Get part URLs", description = "Fresh URLs for the parts "
            + "named: the next batch, or parts whose URL expired.")
    @RequestBody(required = true, content = @Content(mediaType = JSON, schema = @Schema(implementation = PartUrlsRequest.class)))
    @APIResponse(responseCode = "200", description = "The URLs",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = PartUrlsView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<PartUrlsView> partUrls(
            @Parameter(description = UPLOAD_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("upload_id") String uploadId,
            PartUrlsRequest request) {
        if (request == null) {
            throw ServiceException.invalid("body", "is required");
        }
        return uploads.partUrls(caller.get(), id(uploadId), request.partNumbers())
                .map(urls -> new PartUrlsView(urls.stream().map(PartUrlView::from).toList()));
    }

    @GET
    @Path("/{upload_id}")
    @Operation(operationId = "getUpload", summary = "Get an upload's state", description = "Which parts the store "
            + "holds, read from the store itself: after a reload or a dropped connection, send the others, then complete.")
    @APIResponse(responseCode = "200", description = "The upload",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = UploadStateView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "StorageUnavailable")
    public Uni<UploadStateView> state(
            @Parameter(description = UPLOAD_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("upload_id") String uploadId) {
        return uploads.state(caller.get(), id(uploadId)).map(state -> UploadStateView.from(state.upload(), state.partsDone()));
    }

    @POST
    @Path("/{upload_id}/complete")
    @Operation(operationId = "completeUpload", summary = "Complete an upload", description = "The service lists the "
            + "stored parts itself (no ETags needed), joins them, checks the size and creates the job, answered as by "
            + "POST /api/jobs. Completing again answers the same job (Idempotent-Replayed: true), never a second one. "
            + "Missing parts, or parts of the wrong size, answer 409 UPLOAD_INCOMPLETE naming them.")
    @RequestBody(content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.OBJECT, maxProperties = 0)))
    @APIResponse(responseCode = "202", ref = "JobAccepted")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    @APIResponse(responseCode = "503", ref = "StorageUnavailable")
    public Uni<RestResponse<JobView>> complete(
            @Parameter(description = UPLOAD_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("upload_id") String uploadId) {
        return uploads.complete(caller.get(), id(uploadId)).map(this::accepted);
    }

    @DELETE
    @Path("/{upload_id}")
    @Operation(operationId = "abortUpload", summary = "Abort an upload", description = "Aborts it and removes its "
            + "parts from the store. A completed upload answers 409: delete its job instead.")
    @APIResponse(responseCode = "204", description = "Aborted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<Void>> abort(
            @Parameter(description = UPLOAD_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("upload_id") String uploadId) {
        return uploads.abort(caller.get(), id(uploadId)).map(ignored -> RestResponse.noContent());
    }

    @PUT
    @Path(PARTS_PATH)
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "putUploadPart", summary = "Send a part (local storage)", description = "The part URL "
            + "this service hands out with local storage, signed like a presigned S3 UploadPart URL: no token needed. "
            + "The body is the part's bytes, at most part_size.")
    @SecurityRequirement(name = OpenApiDefinition.SIGNED_LINK)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "200", description = "Stored",
            headers = @Header(name = "ETag", required = true, description = "The stored part's ETag",
                    schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "403", description = "FORBIDDEN; the part URL is tampered with or expired",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = io.videojobs.api.dto.ErrorResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<Void>> putPart(
            @Parameter(description = "The upload's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("upload_id") String uploadId,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "10000")) @RestPath("part_number") String partNumber,
            @Parameter(description = "Of the signed URL: when it expires, in epoch seconds", required = true) @RestQuery Long expires,
            @Parameter(description = "Of the signed URL", required = true) @RestQuery String signature,
            byte[] body) {
        int number = RequestParams.intInRange("part_number", partNumber, 0, 1, 10_000);
        if (expires == null) {
            throw ServiceException.invalid("expires", "is required");
        }
        return uploads.receivePart(id(uploadId), number, expires, signature, body == null ? new byte[0] : body)
                .map(etag -> RestResponse.ResponseBuilder.<Void>ok().header(HttpHeaders.ETAG, etag).build());
    }

    private static UUID id(String uploadId) {
        return RequestParams.uuid("Upload", uploadId);
    }

    private RestResponse<JobView> accepted(SubmitResult result) {
        return JobAccepted.of(JobView.from(result.details(), mapper, links), result.replayed());
    }
}
