package io.videojobs.api;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.videojobs.api.dto.ErrorResponse;
import io.videojobs.config.OpenApiDefinition;
import io.videojobs.export.Export;
import io.videojobs.export.ExportFormat;
import io.videojobs.export.JobExports;
import io.videojobs.security.CurrentCaller;
import io.videojobs.security.ThumbnailLinks;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A job's transcript as WebVTT, SubRip, plain text or JSON, and its chapters as WebVTT. Authorised like thumbnails:
 * a bearer token of someone who may see the job, or the signed link of the job's {@code exports} (a
 * {@code <track src>} cannot send a token). Answers 304 to an {@code If-None-Match} that names the current ETag.
 */
@Path("/api/jobs/{job_id}")
@PermitAll
@Tag(name = "Jobs")
public class ExportResource {

    private static final String DESCRIPTION = " Needs a bearer token of the job's owner (or an admin), or the expires "
            + "and signature query parameters of the signed link in the job's exports. Cached with an ETag: "
            + "If-None-Match with the current one answers 304; a run that writes the item again changes it.";

    private final JobExports exports;
    private final ThumbnailLinks links;
    private final CurrentIdentityAssociation identity;
    private final CurrentCaller caller;

    public ExportResource(JobExports exports, ThumbnailLinks links, CurrentIdentityAssociation identity,
                          CurrentCaller caller) {
        this.exports = exports;
        this.links = links;
        this.identity = identity;
        this.caller = caller;
    }

    @GET
    @Path("/transcript.vtt")
    @Produces("text/vtt")
    @SecurityRequirement(name = OpenApiDefinition.BEARER)
    @SecurityRequirement(name = OpenApiDefinition.SIGNED_LINK)
    @Operation(operationId = "getTranscriptVtt", summary = "Download the transcript as WebVTT", description = "One cue per segment; cue text is "
            + "escaped (&amp;, &lt;, &gt;), so a `-->` or `<` in the text stays text." + DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The WebVTT file", headers = @Header(name = "ETag", description = "Changes when the item is stored again", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "text/vtt", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
    @APIResponse(responseCode = "401", description = "No token and no valid signature", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No such job of yours, or it has no transcript (yet)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RestResponse<byte[]>> transcriptVtt(@Parameter(description = JobResource.JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId, @Parameter(description = "Of a signed link: when it expires, in epoch seconds") @RestQuery Long expires,
                                                   @Parameter(description = "Of a signed link") @RestQuery String signature, @Parameter(description = "An ETag of an earlier answer") @RestHeader("If-None-Match") String ifNoneMatch) {
        return export(jobId, ExportFormat.TRANSCRIPT_VTT, expires, signature, ifNoneMatch);
    }

    @GET
    @Path("/transcript.srt")
    @Produces("application/x-subrip")
    @SecurityRequirement(name = OpenApiDefinition.BEARER)
    @SecurityRequirement(name = OpenApiDefinition.SIGNED_LINK)
    @Operation(operationId = "getTranscriptSrt", summary = "Download the transcript as SubRip", description = "One numbered cue per segment, escaped "
            + "like the WebVTT." + DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The SubRip file", headers = @Header(name = "ETag", description = "Changes when the item is stored again", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/x-subrip", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
    @APIResponse(responseCode = "401", description = "No token and no valid signature", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No such job of yours, or it has no transcript (yet)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RestResponse<byte[]>> transcriptSrt(@Parameter(description = JobResource.JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId, @Parameter(description = "Of a signed link: when it expires, in epoch seconds") @RestQuery Long expires,
                                                   @Parameter(description = "Of a signed link") @RestQuery String signature, @Parameter(description = "An ETag of an earlier answer") @RestHeader("If-None-Match") String ifNoneMatch) {
        return export(jobId, ExportFormat.TRANSCRIPT_SRT, expires, signature, ifNoneMatch);
    }

    @GET
    @Path("/transcript.txt")
    @Produces("text/plain")
    @SecurityRequirement(name = OpenApiDefinition.BEARER)
    @SecurityRequirement(name = OpenApiDefinition.SIGNED_LINK)
    @Operation(operationId = "getTranscriptText", summary = "Download the transcript as plain text", description = "One line per segment." + DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The text", headers = @Header(name = "ETag", description = "Changes when the item is stored again", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
    @APIResponse(responseCode = "401", description = "No token and no valid signature", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No such job of yours, or it has no transcript (yet)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RestResponse<byte[]>> transcriptTxt(@Parameter(description = JobResource.JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId, @Parameter(description = "Of a signed link: when it expires, in epoch seconds") @RestQuery Long expires,
                                                   @Parameter(description = "Of a signed link") @RestQuery String signature, @Parameter(description = "An ETag of an earlier answer") @RestHeader("If-None-Match") String ifNoneMatch) {
        return export(jobId, ExportFormat.TRANSCRIPT_TXT, expires, signature, ifNoneMatch);
    }

    @GET
    @Path("/transcript.json")
    @Produces("application/json")
    @SecurityRequirement(name = OpenApiDefinition.BEARER)
    @SecurityRequirement(name = OpenApiDefinition.SIGNED_LINK)
    @Operation(operationId = "getTranscriptJson", summary = "Download the transcript as JSON", description = "The stored TRANSCRIPT item: source, "
            + "segments (start_seconds, end_seconds, text), text and confidence." + DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The transcript", headers = @Header(name = "ETag", description = "Changes when the item is stored again", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
    @APIResponse(responseCode = "401", description = "No token and no valid signature", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No such job of yours, or it has no transcript (yet)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RestResponse<byte[]>> transcriptJson(@Parameter(description = JobResource.JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId, @Parameter(description = "Of a signed link: when it expires, in epoch seconds") @RestQuery Long expires,
                                                    @Parameter(description = "Of a signed link") @RestQuery String signature, @Parameter(description = "An ETag of an earlier answer") @RestHeader("If-None-Match") String ifNoneMatch) {
        return export(jobId, ExportFormat.TRANSCRIPT_JSON, expires, signature, ifNoneMatch);
    }

    @GET
    @Path("/chapters.vtt")
    @Produces("text/vtt")
    @SecurityRequirement(name = OpenApiDefinition.BEARER)
    @SecurityRequirement(name = OpenApiDefinition.SIGNED_LINK)
    @Operation(operationId = "getChaptersVtt", summary = "Download the chapters as WebVTT", description = "One cue per chapter, its title as the "
            + "text (for a `<track kind=\"chapters\">`)." + DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The WebVTT file", headers = @Header(name = "ETag", description = "Changes when the item is stored again", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "text/vtt", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match")
    @APIResponse(responseCode = "401", description = "No token and no valid signature", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "No such job of yours, or it has no chapters (yet)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<RestResponse<byte[]>> chaptersVtt(@Parameter(description = JobResource.JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId, @Parameter(description = "Of a signed link: when it expires, in epoch seconds") @RestQuery Long expires,
                                                 @Parameter(description = "Of a signed link") @RestQuery String signature, @Parameter(description = "An ETag of an earlier answer") @RestHeader("If-None-Match") String ifNoneMatch) {
        return export(jobId, ExportFormat.CHAPTERS_VTT, expires, signature, ifNoneMatch);
    }

    private Uni<RestResponse<byte[]>> export(String jobId, ExportFormat format, Long expires, String signature,
                                             String ifNoneMatch) {
        UUID job = RequestParams.jobId(jobId);
        Uni<Export> export = expires != null && links.verifyExport(job, format.fileName(), expires, signature)
                ? exports.get(null, job, format)
                : identity.getDeferredIdentity().chain(verified -> exports.get(caller.of(verified), job, format));
        return export.map(found -> respond(found, ifNoneMatch));
    }

    private static RestResponse<byte[]> respond(Export export, String ifNoneMatch) {
        RestResponse.ResponseBuilder<byte[]> response = EntityTags.matches(ifNoneMatch, export.etag())
                ? RestResponse.ResponseBuilder.create(RestResponse.Status.NOT_MODIFIED)
                : RestResponse.ResponseBuilder.ok(export.body(), export.contentType())
                        .header("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"");
        return response.header(HttpHeaders.ETAG, export.etag())
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .build();
    }
}
