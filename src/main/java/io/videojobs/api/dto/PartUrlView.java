package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.upload.PartUrl;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where to send one part. */
@RegisterForReflection
@Schema(name = "PartUrl")
public record PartUrlView(
        @Schema(required = true, minimum = "1", maximum = "10000") int partNumber,
        @Schema(required = true, format = "uri-reference", description = "PUT the part's bytes here, with no other "
                + "header than Content-Type and Content-Length; the answer's ETag header names the stored part. A "
                + "presigned URL of the store (s3), or a signed path of this service (local). It is a credential: keep "
                + "it out of logs")
        String url,
        @Schema(required = true, description = "When the URL stops working") Instant expiresAt) {

    public static PartUrlView from(PartUrl url) {
        return new PartUrlView(url.partNumber(), url.url(), url.expiresAt());
    }
}
