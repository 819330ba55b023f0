package io.videojobs.upload;

import io.videojobs.job.JobOptions;
import io.videojobs.job.StageId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A resumable direct upload: the object it becomes ({@code storageKey}), the store's multipart upload
 * ({@code storeUploadId}), the file as the client declared it, and the job to create once it is complete.
 */
public record Upload(UUID id, String ownerId, String storageKey, String storeUploadId, String fileName,
                     String contentType, long size, long partSize, int partCount, List<StageId> stages,
                     JobOptions options, UploadStatus status, UUID jobId, Instant expiresAt) {

    /** The size the part must have: {@code partSize} for all but the last, the rest for the last. */
    public long expectedPartSize(int partNumber) {
        return partNumber < partCount ? partSize : size - partSize * (partCount - 1);
    }
}
