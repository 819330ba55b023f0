package io.videojobs.realtime.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in buckets of 0.1 ms up to 10 s (longer ones count in the last bucket), recorded from any thread
 * without locks, for a benchmark's percentiles.
 */
final class LatencyHistogram {

    private static final int BUCKETS = 100_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long micros) {
        counts.incrementAndGet((int) Math.min(BUCKETS - 1, Math.max(0, micros / 100)));
    }

    long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The latency in ms below which {@code fraction} of the recorded ones fall (1.0: the largest), NaN when empty. */
    double percentileMs(double fraction) {
        long target = (long) Math.ceil(count() * fraction);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= target && target > 0) {
                return (i + 1) / 10.0;
            }
        }
        return Double.NaN;
    }
}
