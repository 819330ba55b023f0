package io.videojobs.job;

import java.util.List;

/**
 * What a caller asks for when submitting a job, already checked for shape by the API layer: either a
 * {@code sourceUrl} or an {@code upload} already in storage.
 */
public record SubmitJobCommand(String sourceUrl, List<StageId> stages, JobOptions options, String idempotencyKey,
                               UploadedMedia upload) {

    public SubmitJobCommand(String sourceUrl, List<StageId> stages, JobOptions options, String idempotencyKey) {
        this(sourceUrl, stages, options, idempotencyKey, null);
    }
}
