package io.videojobs.job;

import java.util.List;

/** What a caller asks for when submitting a job, already checked for shape by the API layer. */
public record SubmitJobCommand(String sourceUrl, List<StageId> stages, JobOptions options, String idempotencyKey) {
}
