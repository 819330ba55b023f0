package io.videojobs.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One socket's feed of its user's new jobs: the newest {@code created_at} it has announced (or started from) and the
 * jobs it announced within the look-back before it, so that a job committed late is announced, and none twice.
 */
final class OwnerSubscription {

    private final ClientSession session;
    private final String ownerId;
    private final Duration lookback;
    private final Map<UUID, Instant> announced = new HashMap<>();
    private Instant newest;
    private boolean live;

    OwnerSubscription(ClientSession session, String ownerId, Duration lookback) {
        this.session = session;
        this.ownerId = ownerId;
        this.lookback = lookback;
    }

    ClientSession session() {
        return session;
    }

    String ownerId() {
        return ownerId;
    }

    /** Goes live after {@code from}, with {@code known} jobs never to be announced. */
    synchronized void start(Instant from, Map<UUID, Instant> known) {
        newest = from;
        announced.putAll(known);
        live = true;
    }

    synchronized void end() {
        live = false;
    }

    /** The {@code created_at} after which a read must look for this feed's jobs; null when it is not live. */
    synchronized Instant floor() {
        return live ? newest.minus(lookback) : null;
    }

    /** The jobs of {@code jobs} (in creation order) this feed has not announced, now counted as announced. */
    synchronized List<MessageData.JobCreated> take(List<MessageData.JobCreated> jobs) {
        if (!live) {
            return List.of();
        }
        Instant floor = newest.minus(lookback);
        List<MessageData.JobCreated> fresh = new ArrayList<>();
        for (MessageData.JobCreated job : jobs) {
            if (job.createdAt().isAfter(floor) && announced.putIfAbsent(job.jobId(), job.createdAt()) == null) {
                fresh.add(job);
                if (job.createdAt().isAfter(newest)) {
                    newest = job.createdAt();
                }
            }
        }
        Instant keepFrom = newest.minus(lookback);
        announced.values().removeIf(at -> at.isBefore(keepFrom));
        return fresh;
    }
}
