package io.videojobs.job;

/**
 * Lifecycle of a job; {@link #canMoveTo} is the job state machine, and every status change goes through
 * {@link #moveTo} (via the event methods of {@link Job}). FAILED and CANCELLED jobs may be retried (back to
 * PENDING); COMPLETED is final.
 */
public enum JobStatus {
    PENDING, PROCESSING, COMPLETED, FAILED, CANCELLED;

    /** Whether a job in this status may move to {@code next}. */
    public boolean canMoveTo(JobStatus next) {
        return switch (this) {
            case PENDING -> next == PROCESSING || next == CANCELLED || next == FAILED;
            case PROCESSING -> next == PENDING || next == COMPLETED || next == FAILED || next == CANCELLED;
            case FAILED, CANCELLED -> next == PENDING;
            case COMPLETED -> false;
        };
    }

    /** {@code next}, when the state machine allows the move; otherwise {@link IllegalTransitionException}. */
    public JobStatus moveTo(JobStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransitionException("job", this, next);
        }
        return next;
    }
}
