package io.videojobs.api;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.videojobs.config.OpenApiDefinition;
import io.videojobs.job.ThumbnailFiles;
import io.videojobs.job.ThumbnailFiles.StoredThumbnail;
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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Serves thumbnail JPEGs, either to a caller with a bearer token who may see the job, or to anyone
 * holding an unexpired signed link (so an {@code <img>} tag can show it); with {@code s3} storage, as a redirect to
 * the store.
 */
@Path("/api/jobs/{job_id}/thumbnails")
@PermitAll
@Tag(name = "Jobs")
public class ThumbnailResource {

    private final ThumbnailFiles thumbnails;
    private final ThumbnailLinks links;
    private final CurrentIdentityAssociation identity;
    private final CurrentCaller caller;

    public ThumbnailResource(ThumbnailFiles thumbnails, ThumbnailLinks links, CurrentIdentityAssociation identity,
                             CurrentCaller caller) {
        this.thumbnails = thumbnails;
        this.links = links;
        this.identity = identity;
        this.caller = caller;
    }

    @GET
    @Path("/{thumbnail_id}")
    @Produces("image/jpeg")
    @Operation(operationId = "getThumbnail", summary = "Get a thumbnail image", description = "With s3 storage it "
            + "answers 302 to a presigned URL of the store. Needs a bearer token of the job's owner, or the expires and signature query parameters of the signed thumbnail_url.")
    @SecurityRequirement(name = OpenApiDefinition.BEARER)
    @SecurityRequirement(name = OpenApiDefinition.SIGNED_LINK)
    @APIResponse(responseCode = "200", description = "The JPEG",
            content = @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "302", description = StoreRedirect.DESCRIPTION,
            headers = @Header(name = "Location", required = true, description = StoreRedirect.LOCATION,
                    schema = @Schema(type = SchemaType.STRING, format = "uri")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<byte[]>> get(
            @Parameter(description = JobResource.JOB_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("job_id") String jobId,
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("thumbnail_id") String thumbnailId,
            @Parameter(description = "Of a signed link: when it expires, in epoch seconds") @RestQuery Long expires,
            @Parameter(description = "Of a signed link") @RestQuery String signature) {
        UUID job = RequestParams.jobId(jobId);
        UUID thumbnail = RequestParams.uuid("Thumbnail", thumbnailId);
        Uni<StoredThumbnail> image = expires != null && links.verify(job, thumbnail, expires, signature)
                ? thumbnails.read(null, job, thumbnail)
                : identity.getDeferredIdentity().chain(verified -> thumbnails.read(caller.of(verified), job, thumbnail));
        return image.map(stored -> stored.redirect() != null ? StoreRedirect.<byte[]>to(stored.redirect())
                : RestResponse.ResponseBuilder.ok(stored.jpeg(), ThumbnailFiles.JPEG)
                        .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600").build());
    }
}
