package io.videojobs.job;

/**
 * Status of one processing stage, with the value set of the wire contract's STAGE_UPDATE. {@link #canMoveTo}
 * is the stage state machine: a stage goes back to PENDING when its job is retried (FAILED) or re-queued
 * (PROCESSING); COMPLETED is final.
 */
public enum StageStatus {
    PENDING, PROCESSING, COMPLETED, FAILED;

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED;
    }

    /** Whether a stage in this status may move to {@code next}. */
    public boolean canMoveTo(StageStatus next) {
        return switch (this) {
            case PENDING -> next == PROCESSING || next == FAILED;
            case PROCESSING -> next == PENDING || next == COMPLETED || next == FAILED;
            case FAILED -> next == PENDING;
            case COMPLETED -> false;
        };
    }

    /** {@code next}, when the state machine allows the move; otherwise {@link IllegalTransitionException}. */
    public StageStatus moveTo(StageStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransitionException("stage", this, next);
        }
        return next;
    }
}
