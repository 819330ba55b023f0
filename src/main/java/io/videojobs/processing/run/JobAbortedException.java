package io.videojobs.processing.run;

/** The job stopped being ours while running: cancelled, deleted, its lease lost, or the instance shutting down. */
public class JobAbortedException extends RuntimeException {

    public JobAbortedException(String reason) {
        super(reason, null, false, false);
    }
}
