package io.videojobs.error;

/** Stable, machine-readable error codes and the HTTP status each maps to. */
public enum ErrorCode {
    VALIDATION_ERROR(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    /** A resumable upload completed with parts missing or of the wrong size; the details name them. */
    UPLOAD_INCOMPLETE(409),
    LENGTH_REQUIRED(411),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RANGE_NOT_SATISFIABLE(416),
    RATE_LIMITED(429),
    INTERNAL_ERROR(500),
    SERVICE_UNAVAILABLE(503),
    /**
     * The media store (the bucket) cannot be reached right now; nothing was changed, and the same call succeeds once
     * it is back: {@code Retry-After} says when to try again.
     */
    STORAGE_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code for an HTTP status raised outside the service, such as an unknown route. */
    public static ErrorCode forStatus(int status) {
        for (ErrorCode code : values()) {
            if (code.httpStatus == status) {
                return code;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : VALIDATION_ERROR;
    }
}
