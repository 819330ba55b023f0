package io.videojobs.realtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.videojobs.config.RealtimeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The open sessions of this instance, their per-user and per-IP counts, and the counters of the stats feed. */
@ApplicationScoped
public class SessionRegistry {

    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong slowConsumersClosed = new AtomicLong();
    private final RealtimeConfig config;
    private final Timer writeDelay;
    private volatile boolean draining;

    public SessionRegistry(RealtimeConfig config, MeterRegistry meters) {
        this.config = config;
        this.writeDelay = Timer.builder("videojobs.ws.write.delay")
                .description("Time from handing a message to a WebSocket connection until it is written to the socket")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Whether one more connection of this user from this IP is within the limits (a fast pre-check at upgrade). */
    public boolean hasRoomFor(String userId, String ip) {
        return count(perUser, userId) < config.maxConnectionsPerUser() && count(perIp, ip) < config.maxConnectionsPerIp();
    }

    /** Registers a session if its user and IP are within their limits; the authoritative check. */
    boolean tryAdd(ClientSession session) {
        if (!reserve(perUser, session.caller().userId(), config.maxConnectionsPerUser())) {
            return false;
        }
        if (!reserve(perIp, session.remoteIp(), config.maxConnectionsPerIp())) {
            release(perUser, session.caller().userId());
            return false;
        }
        sessions.add(session);
        return true;
    }

    /** Whether the instance is shutting down: new connections are turned away with {@link CloseCodes#GOING_AWAY}. */
    public boolean isDraining() {
        return draining;
    }

    /** Turns new connections away and closes every open one with {@code code}; completes when all frames are sent. */
    public Uni<Void> closeAll(int code, String reason) {
        draining = true;
        List<Uni<Void>> closing = sessions.stream().map(session -> session.close(code, reason)).toList();
        return closing.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(closing).andCollectFailures().replaceWithVoid();
    }

    /** Forgets a closed session and frees its place in the limits; a session that was refused held none. */
    void remove(ClientSession session) {
        if (sessions.remove(session)) {
            release(perUser, session.caller().userId());
            release(perIp, session.remoteIp());
        }
    }

    Collection<ClientSession> sessions() {
        return sessions;
    }

    /** How many connections are open on this instance. */
    public int connectionCount() {
        return sessions.size();
    }

    /** Counts a message written to its socket, {@code queuedNanos} after it was handed to the connection. */
    void recordSent(long queuedNanos) {
        sent.increment();
        writeDelay.record(queuedNanos, TimeUnit.NANOSECONDS);
    }

    void recordDropped() {
        dropped.increment();
    }

    void recordSlowConsumer() {
        slowConsumersClosed.incrementAndGet();
    }

    long messagesSent() {
        return sent.sum();
    }

    long messagesDropped() {
        return dropped.sum();
    }

    long slowConsumersClosed() {
        return slowConsumersClosed.get();
    }

    private static int count(ConcurrentMap<String, AtomicInteger> counts, String key) {
        AtomicInteger count = counts.get(key);
        return count == null ? 0 : count.get();
    }

    private static boolean reserve(ConcurrentMap<String, AtomicInteger> counts, String key, int max) {
        boolean[] reserved = {false};
        counts.compute(key, (k, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < max) {
                current.incrementAndGet();
                reserved[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        return reserved[0];
    }

    private static void release(ConcurrentMap<String, AtomicInteger> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
