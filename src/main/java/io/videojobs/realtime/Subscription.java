package io.videojobs.realtime;

import java.util.UUID;

/**
 * One connection's subscription to one job. {@code cursor} is the last seq delivered to it; it only
 * advances by exactly one per delivered event, so a subscription can never skip an event. It takes
 * no part in fan-out until it is {@code live}, that is once its snapshot or resume point is set.
 */
final class Subscription {

    final ClientSession session;
    final UUID jobId;
    volatile long cursor;
    volatile boolean live;

    Subscription(ClientSession session, UUID jobId) {
        this.session = session;
        this.jobId = jobId;
    }

    /** Starts live delivery after {@code seq}: the snapshot's seq or the client's resume point. */
    void goLive(long seq) {
        cursor = seq;
        live = true;
    }
}
