package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.storage.MediaStorage.StoredPart;
import io.videojobs.upload.Upload;
import io.videojobs.upload.UploadStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An upload as the store holds it, for a client that resumes: it sends the parts not in {@code parts_done}. */
@RegisterForReflection
@Schema(name = "UploadState")
public record UploadStateView(
        @Schema(required = true) UUID uploadId,
        @Schema(required = true) UploadStatus status,
        @Schema(required = true, format = "int64", minimum = "1") long size,
        @Schema(required = true, format = "int64", minimum = "1") long partSize,
        @Schema(required = true, minimum = "1", maximum = "10000") int partCount,
        @Schema(required = true) Instant expiresAt,
        @Schema(required = true, nullable = true, description = "The job, once the upload is completed") UUID jobId,
        @Schema(required = true, description = "The parts the store holds, read from it (empty once completed or aborted)")
        List<DonePart> partsDone) {

    /** A part the store holds. */
    @RegisterForReflection
    @Schema(name = "UploadedPart")
    public record DonePart(
            @Schema(required = true, minimum = "1", maximum = "10000") int partNumber,
            @Schema(required = true, format = "int64", minimum = "0") long size,
            @Schema(required = true, description = "The store's ETag of the part") String etag) {
    }

    public static UploadStateView from(Upload upload, List<StoredPart> parts) {
        return new UploadStateView(upload.id(), upload.status(), upload.size(), upload.partSize(), upload.partCount(),
                upload.expiresAt(), upload.jobId(),
                parts.stream().map(part -> new DonePart(part.partNumber(), part.size(), part.etag())).toList());
    }
}
