package io.videojobs.realtime;

/** Token bucket for one connection's inbound messages; only touched by that connection's serial message handler. */
final class InboundRateLimiter {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long updatedAt;

    InboundRateLimiter(double perSecond, int burst) {
        this.ratePerNano = perSecond / 1e9;
        this.capacity = burst;
        this.tokens = burst;
        this.updatedAt = System.nanoTime();
    }

    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - updatedAt) * ratePerNano);
        updatedAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
