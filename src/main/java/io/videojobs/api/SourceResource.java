package io.videojobs.api;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.videojobs.api.dto.ErrorResponse;
import io.videojobs.config.OpenApiDefinition;
import io.videojobs.job.SourceFiles;
import io.videojobs.job.SourceFiles.StoredSource;
import io.videojobs.security.CurrentCaller;
import io.videojobs.security.ThumbnailLinks;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.PathPart;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Streams a job's stored source video with HTTP Range support, so a {@code <video>} element can play and seek it.
 * Authorised like thumbnails: a bearer token of someone who may see the job, or the signed {@code video_url}. With
 * {@code s3} storage it answers a redirect to the store instead, where {@code Range} works the same.
 */
@Path("/api/jobs/{job_id}/source")
@PermitAll
@Tag(name = "Jobs")
public class SourceResource {

    private static final String OCTETS = "application/octet-stream";

    private final SourceFiles sources;
    private final ThumbnailLinks links;
    private final CurrentIdentityAssociation identity;
    private final CurrentCaller caller;

    public SourceResource(SourceFiles sources, ThumbnailLinks links, CurrentIdentityAssociation identity,
                          CurrentCaller caller) {
        this.sources = sources;
        this.links = links;
        this.identity = identity;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getSourceVideo", summary = "Stream the source video", description = "The stored upload or downloaded source, for a "
            + "video player. With s3 storage it answers 302 to a presigned URL of the store, which honours Range the same "
            + "way. Honours a single `Range: bytes=` range with 206 Partial Content. Needs a bearer token "
            + "of the job's owner (or an admin), or the expires and signature query parameters of the job's signed "
            + "video_url. The content type follows the file's extension (video/mp4 for .mp4), else "
            + "application/octet-stream.")
    @SecurityRequirement(name = OpenApiDefinition.BEARER)
    @SecurityRequirement(name = OpenApiDefinition.SIGNED_LINK)
    @APIResponse(responseCode = "200", description = "The whole video",
            headers = @Header(name = "Accept-Ranges", required = true, schema = @Schema(type = SchemaType.STRING, enumeration = "bytes")),
            content = {@Content(mediaType = "video/*", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = OCTETS, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "206", description = "The requested byte range",
            headers = {
                @Header(name = "Content-Range", required = true, description = "bytes first-last/length",
                        schema = @Schema(type = SchemaType.STRING, pattern = "^bytes \\d+-\\d+/\\d+$")),
                @Header(name = "Accept-Ranges", required = true, schema = @Schema(type = SchemaType.STRING, enumeration = "bytes"))},
            content = {@Content(mediaType = "video/*", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = OCTETS, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "302", description = StoreRedirect.DESCRIPTION,
            headers = @Header(name = "Location", required = true, description = StoreRedirect.LOCATION,
                    schema = @Schema(type = SchemaType.STRING, format = "uri")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "404", description = "NOT_FOUND; no such job of yours, or its source is not stored (yet)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "416", description = "RANGE_NOT_SATISFIABLE; the range selects no byte",
            headers = @Header(name = "Content-Range", required = true, description = "bytes */length",
                    schema = @Schema(type = SchemaType.STRING, pattern = "^bytes \\*/\\d+$")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RestResponse<PathPart>> get(
            @Parameter(description = JobResource.JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId,
            @Parameter(description = "Of a signed link: when it expires, in epoch seconds") @RestQuery Long expires,
            @Parameter(description = "Of a signed link") @RestQuery String signature,
            @Parameter(description = "One range, e.g. bytes=0-1023 or bytes=-500") @RestHeader("Range") String range,
            @Parameter(description = "Sent by some players; a range is only honoured without it")
            @RestHeader("If-Range") String ifRange) {
        UUID job = RequestParams.jobId(jobId);
        Uni<StoredSource> source = expires != null && links.verifySource(job, expires, signature)
                ? sources.find(null, job)
                : identity.getDeferredIdentity().chain(verified -> sources.find(caller.of(verified), job));
        return source.map(stored -> stored.redirect() != null ? StoreRedirect.to(stored.redirect())
                : respond(stored, ifRange == null ? ByteRange.parse(range, stored.size()) : null));
    }

    private static RestResponse<PathPart> respond(StoredSource stored, ByteRange range) {
        RestResponse.ResponseBuilder<PathPart> response = range == null
                ? RestResponse.ResponseBuilder.ok(new PathPart(stored.file(), 0, stored.size()))
                : RestResponse.ResponseBuilder.<PathPart>create(RestResponse.Status.PARTIAL_CONTENT,
                                new PathPart(stored.file(), range.start(), range.count()))
                        .header("Content-Range", range.contentRange());
        return response.type(stored.contentType())
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                .build();
    }
}
