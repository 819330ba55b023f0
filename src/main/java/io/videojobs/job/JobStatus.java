package io.videojobs.job;

import java.util.Set;

/** Lifecycle of a job; the transition table is the job state machine. */
public enum JobStatus {
    PENDING, PROCESSING, COMPLETED, FAILED, CANCELLED;

    private static final Set<JobStatus> TERMINAL = Set.of(COMPLETED, FAILED, CANCELLED);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether a job in this status may move to {@code next}. */
    public boolean canMoveTo(JobStatus next) {
        return switch (this) {
            case PENDING -> next == PROCESSING || next == CANCELLED || next == FAILED;
            case PROCESSING -> next == PENDING || next == COMPLETED || next == FAILED || next == CANCELLED;
            case COMPLETED, FAILED, CANCELLED -> false;
        };
    }
}
