package io.videojobs.job;

/** Status of one processing stage, with the value set of the wire contract's STAGE_UPDATE. */
public enum StageStatus {
    PENDING, PROCESSING, COMPLETED, FAILED;

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED;
    }
}
