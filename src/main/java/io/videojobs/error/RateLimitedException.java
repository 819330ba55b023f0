package io.videojobs.error;

/** Raised when a caller exceeds a rate limit; tells when to retry. */
public class RateLimitedException extends ServiceException {

    private final long retryAfterSeconds;

    public RateLimitedException(String message, long retryAfterSeconds) {
        super(ErrorCode.RATE_LIMITED, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
