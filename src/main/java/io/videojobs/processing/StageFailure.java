package io.videojobs.processing;

/**
 * A failure with a known cause and a clear message. {@code recoverable} failures end only their stage
 * (the job goes on); the others end the job FAILED. {@code transient} ones are retried with backoff first.
 */
public class StageFailure extends Exception {

    /** What the engine does about a failure. */
    public enum Kind { RECOVERABLE, FATAL, TRANSIENT }

    private final String errorCode;
    private final Kind kind;

    public StageFailure(Kind kind, String errorCode, String message) {
        this(kind, errorCode, message, null);
    }

    public StageFailure(Kind kind, String errorCode, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.errorCode = errorCode;
    }

    public static StageFailure recoverable(String errorCode, String message) {
        return new StageFailure(Kind.RECOVERABLE, errorCode, message);
    }

    public static StageFailure fatal(String errorCode, String message) {
        return new StageFailure(Kind.FATAL, errorCode, message);
    }

    public static StageFailure transientFailure(String errorCode, String message, Throwable cause) {
        return new StageFailure(Kind.TRANSIENT, errorCode, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    public String errorCode() {
        return errorCode;
    }
}
