package io.videojobs.realtime;

import java.util.List;
import java.util.UUID;

/**
 * One connection's subscription to one job. Its cursor is the last seq the client has: it only advances
 * by exactly one per delivered event, so a subscription can never skip an event. It takes no part in
 * fan-out until it is live, that is once its snapshot or resume point is set, and none after it ends.
 * Once live, its cursor is written only by {@link #catchUp}, on the connection's event loop.
 */
final class Subscription {

    private final ClientSession session;
    private final UUID jobId;
    private volatile long cursor;
    private volatile boolean live;

    Subscription(ClientSession session, UUID jobId) {
        this.session = session;
        this.jobId = jobId;
    }

    ClientSession session() {
        return session;
    }

    UUID jobId() {
        return jobId;
    }

    boolean isLive() {
        return live;
    }

    /** The last seq the client has. */
    long cursor() {
        return cursor;
    }

    /** Starts live delivery after {@code seq}: the snapshot's seq or the client's resume point. */
    void goLiveAfter(long seq) {
        cursor = seq;
        live = true;
    }

    /** Takes it out of fan-out for good: the client unsubscribed or its connection closed. */
    void end() {
        live = false;
    }

    /**
     * Sends the events that directly follow the cursor, in order, advancing it by one per event sent.
     * Runs on the connection's event loop.
     *
     * @return false when it is still behind: the next event it needs is not in {@code events}, so its job
     *         needs another read of the log; true otherwise (caught up, not live, or its session closing)
     */
    boolean catchUp(List<LoggedEvent> events) {
        if (!live) {
            return true;
        }
        for (LoggedEvent event : events) {
            if (event.seq() <= cursor) {
                continue;
            }
            if (event.seq() != cursor + 1) {
                return false;
            }
            if (!session.send(event.payload())) {
                return true;
            }
            cursor = event.seq();
        }
        return true;
    }
}
