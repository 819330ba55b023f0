package io.videojobs.webhooks;

import io.videojobs.config.WebhooksConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: the configured schedule (one delay per attempt, the first one's before
 * the first attempt), each delay moved by a random jitter, and pushed back by a receiver's {@code Retry-After}
 * (seconds or an HTTP date) up to a cap. Pure logic, so that the schedule is tested without waiting for it.
 */
final class RetrySchedule {

    private final List<Duration> delays;
    private final double jitter;
    private final Duration retryAfterMax;
    private final DoubleSupplier random;

    RetrySchedule(List<Duration> delays, double jitter, Duration retryAfterMax, DoubleSupplier random) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("video-jobs.webhooks.retry-schedule needs at least one entry");
        }
        this.delays = List.copyOf(delays);
        this.jitter = jitter;
        this.retryAfterMax = retryAfterMax;
        this.random = random;
    }

    static RetrySchedule of(WebhooksConfig config) {
        return new RetrySchedule(config.retrySchedule(), config.retryJitter(), config.retryAfterMax(), Math::random);
    }

    /** Attempts a delivery gets in all. */
    int attempts() {
        return delays.size();
    }

    /**
     * When to try again after the {@code attemptsMade}-th attempt failed at {@code now}, or empty when it was the
     * last one. {@code retryAfter} is the receiver's header, or null.
     */
    Optional<Instant> next(int attemptsMade, Instant now, String retryAfter) {
        if (attemptsMade >= delays.size()) {
            return Optional.empty();
        }
        long base = delays.get(attemptsMade).toMillis();
        long jittered = Math.round(base * (1 + jitter * (2 * random.getAsDouble() - 1)));
        Instant scheduled = now.plusMillis(Math.max(0, jittered));
        Instant asked = retryAfter(retryAfter, now);
        return Optional.of(asked != null && asked.isAfter(scheduled) ? asked : scheduled);
    }

    /** The time a {@code Retry-After} header asks for, capped at {@link #retryAfterMax}; null when absent or malformed. */
    Instant retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Instant asked;
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                asked = now.plusSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                asked = now.plus(retryAfterMax);
            }
        } else {
            try {
                asked = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Instant cap = now.plus(retryAfterMax);
        return asked.isAfter(cap) ? cap : asked;
    }
}
