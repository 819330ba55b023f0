package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.upload.PartUrl;
import io.videojobs.upload.Upload;
import io.videojobs.upload.UploadStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A started upload: how to cut the file, and URLs for its first parts. */
@RegisterForReflection
@Schema(name = "Upload")
public record UploadView(
        @Schema(required = true) UUID uploadId,
        @Schema(required = true) UploadStatus status,
        @Schema(required = true, format = "int64", minimum = "1") long size,
        @Schema(required = true, format = "int64", minimum = "1", description = "Bytes of every part but the last") long partSize,
        @Schema(required = true, minimum = "1", maximum = "10000") int partCount,
        @Schema(required = true, description = "When an upload not completed by then is aborted") Instant expiresAt,
        @Schema(required = true, description = "URLs of the first parts; ask POST /api/uploads/{upload_id}/parts for the others")
        List<PartUrlView> parts) {

    public static UploadView from(Upload upload, List<PartUrl> parts) {
        return new UploadView(upload.id(), upload.status(), upload.size(), upload.partSize(), upload.partCount(),
                upload.expiresAt(), parts.stream().map(PartUrlView::from).toList());
    }
}
