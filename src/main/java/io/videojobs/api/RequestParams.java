package io.videojobs.api;

import io.videojobs.error.ServiceException;
import io.videojobs.job.JobStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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

    /** Repeated {@code status} values ({@code status=FAILED&status=CANCELLED}), each once. */
    static List<JobStatus> statuses(List<String> values) {
        List<JobStatus> statuses = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                JobStatus status = status(value);
                if (status != null && !statuses.contains(status)) {
                    statuses.add(status);
                }
            }
        }
        return statuses;
    }

    /** An RFC 3339 date-time, or a date meaning its midnight UTC; null when absent. */
    static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ServiceException.invalid(name, "must be a date-time such as 2026-12-07T18:00:00Z, or a date");
        }
    }

    /** A tag to filter on: null when absent, at most 64 characters as tags are. */
    static String tag(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.strip().length() > 64) {
            throw ServiceException.invalid(name, "must be at most 64 characters");
        }
        return value.strip();
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
