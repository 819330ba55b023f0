package io.videojobs.processing.run;

import java.util.List;

/**
 * A failure with a known cause and a clear message. {@code recoverable} failures end only their stage
 * (the job goes on); the others end the job FAILED. {@code transient} ones are retried with backoff first.
 */
public class StageFailure extends Exception {

    /** What the engine does about a failure. */
    public enum Kind { RECOVERABLE, FATAL, TRANSIENT }

    private final String errorCode;
    private final Kind kind;
    private final List<MetadataOutput> outputs;

    public StageFailure(Kind kind, String errorCode, String message) {
        this(kind, errorCode, message, null);
    }

    public StageFailure(Kind kind, String errorCode, String message, Throwable cause) {
        this(kind, errorCode, message, cause, List.of());
    }

    private StageFailure(Kind kind, String errorCode, String message, Throwable cause, List<MetadataOutput> outputs) {
        super(message, cause, false, false);
        this.kind = kind;
        this.errorCode = errorCode;
        this.outputs = List.copyOf(outputs);
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

    /**
     * A recoverable failure that still leaves results, committed before the stage is failed: for example the
     * offline metadata kept when a model's answer breaks its schema.
     */
    public static StageFailure recoverableKeeping(String errorCode, String message, List<MetadataOutput> outputs) {
        return new StageFailure(Kind.RECOVERABLE, errorCode, message, null, outputs);
    }

    /** Results to commit although the stage failed; empty for most failures. */
    public List<MetadataOutput> outputs() {
        return outputs;
    }

    public Kind kind() {
        return kind;
    }

    public String errorCode() {
        return errorCode;
    }
}
