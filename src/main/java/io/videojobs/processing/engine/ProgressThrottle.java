package io.videojobs.processing.engine;

/**
 * When a stage's progress is worth a STAGE_UPDATE: a write needs a 5-point step and 250 ms since the last one, or
 * 2 s and any step. Remembers the latest progress reported, so that a thumbnail's transaction can carry it.
 */
final class ProgressThrottle {

    private static final int MIN_STEP = 5;
    private static final long MIN_STEP_NANOS = 250_000_000L;
    private static final long ANY_STEP_NANOS = 2_000_000_000L;

    private int written;
    private long writtenAt = System.nanoTime();
    private int latest;

    /** A throttle for a stage whose progress already stands at {@code alreadyWritten}. */
    ProgressThrottle(int alreadyWritten) {
        this.written = alreadyWritten;
        this.latest = alreadyWritten;
    }

    /** Takes a reported progress; whether it is due to be written now. */
    boolean due(int percent) {
        latest = Math.max(latest, percent);
        long since = System.nanoTime() - writtenAt;
        return (percent - written >= MIN_STEP && since >= MIN_STEP_NANOS)
                || (percent > written && since >= ANY_STEP_NANOS);
    }

    /** The highest progress reported so far, written or not. */
    int latest() {
        return latest;
    }

    /** Whether {@code percent} is ahead of what was written last. */
    boolean ahead(int percent) {
        return percent > written;
    }

    /** {@code percent} was written just now. */
    void written(int percent) {
        written = percent;
        writtenAt = System.nanoTime();
    }
}
