package io.videojobs.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.videojobs.config.JobsConfig;
import io.videojobs.error.RateLimitedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-user token bucket for job submissions, kept in memory per instance. Idle, full buckets are
 * evicted every minute so memory follows the number of active users.
 */
@ApplicationScoped
public class SubmissionRateLimiter {

    private final double ratePerNano;
    private final double capacity;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Counter hits;

    public SubmissionRateLimiter(JobsConfig config, MeterRegistry registry) {
        this.ratePerNano = config.submissionsPerSecond() / 1e9;
        this.capacity = config.submissionBurst();
        this.hits = Counter.builder("videojobs.rate.limit.hits").tag("limit", "job_submission")
                .description("Requests refused by a rate limit").register(registry);
    }

    /** Takes one token for {@code userId} or throws {@link RateLimitedException} with the wait. */
    public void acquire(String userId) {
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(userId, id -> new Bucket(capacity, now));
        long waitNanos;
        synchronized (bucket) {
            bucket.refill(now, ratePerNano, capacity);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            waitNanos = (long) Math.ceil((1 - bucket.tokens) / ratePerNano);
        }
        hits.increment();
        long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        throw new RateLimitedException("Too many job submissions; retry in " + retryAfter + " s", retryAfter);
    }

    @Scheduled(every = "60s", identity = "rate-limiter-eviction")
    void evictIdle() {
        long now = System.nanoTime();
        buckets.values().removeIf(bucket -> {
            synchronized (bucket) {
                bucket.refill(now, ratePerNano, capacity);
                return bucket.tokens >= capacity;
            }
        });
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        private Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }

        private void refill(long now, double ratePerNano, double capacity) {
            tokens = Math.min(capacity, tokens + (now - updatedAt) * ratePerNano);
            updatedAt = now;
        }
    }
}
