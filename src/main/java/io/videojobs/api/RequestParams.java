package io.videojobs.api;

import io.videojobs.error.ServiceException;
import io.videojobs.job.JobStatus;
import java.util.Locale;
import java.util.UUID;

/** Parses path and query parameters so that a bad value is a 400 naming the parameter, not a bare 404. */
final class RequestParams {

    private RequestParams() {
    }

    /** A job id that is not a UUID names no job: the answer is the same 404 as for a missing one. */
    static UUID jobId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ServiceException.notFound("Job");
        }
    }

    /** Any other id path parameter: one that is not a UUID names nothing, so it is a 404 too. */
    static UUID uuid(String what, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ServiceException.notFound(what);
        }
    }

    static int intInRange(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw ServiceException.invalid(name, "must be an integer from " + min + " to " + max);
    }

    static long nonNegativeLong(String name, String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ServiceException.invalid(name, "must be a non-negative integer");
    }

    static JobStatus status(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return JobStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("status", "must be one of PENDING, PROCESSING, COMPLETED, FAILED, CANCELLED");
        }
    }

    static String idempotencyKey(String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > 255) {
            throw ServiceException.invalid("Idempotency-Key", "must be 1 to 255 characters");
        }
        return value;
    }
}
