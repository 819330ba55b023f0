package io.videojobs.job;

/** The outcome of a submission; {@code replayed} is true when an idempotent retry returned the original job. */
public record SubmitResult(JobDetails details, boolean replayed) {
}
