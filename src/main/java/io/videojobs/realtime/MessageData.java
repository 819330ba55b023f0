package io.videojobs.realtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@code data} payloads of connection-level server messages. */
public final class MessageData {

    private MessageData() {
    }

    /** {@code CONNECTION_ACK}: who the server authenticated and the limits that apply to this connection. */
    @RegisterForReflection
    public record ConnectionAck(String connectionId, String userId, boolean admin, long heartbeatIntervalSeconds,
                                int maxSubscriptions, int maxJobIdsPerMessage, long tokenExpiresAt) {
    }

    /** {@code SUBSCRIBED}: the job ids now subscribed and those refused (each also answered by an {@code ERROR}). */
    @RegisterForReflection
    public record Subscribed(List<UUID> jobIds, List<UUID> rejectedJobIds) {
    }

    /** {@code UNSUBSCRIBED}: the job ids no longer subscribed. */
    @RegisterForReflection
    public record Unsubscribed(List<UUID> jobIds) {
    }

    /** {@code OWNER_SUBSCRIBED}: the caller's feed of new jobs is live; {@code cursor} is their newest job, or null. */
    @RegisterForReflection
    public record OwnerSubscribed(String ownerId, OwnerCursor cursor) {
    }

    /** A point in a user's jobs, by creation time then id: what {@code subscribe_owner}'s {@code after} takes. */
    @RegisterForReflection
    public record OwnerCursor(Instant createdAt, UUID jobId) {
    }

    /** {@code JOB_CREATED}: a job the caller created; its {@code created_at} and {@code job_id} are the next cursor. */
    @RegisterForReflection
    public record JobCreated(UUID jobId, String ownerId, JobStatus status, int progressPercent, String sourceUrl,
                             Instant createdAt) {
    }

    /** {@code HEARTBEAT}: sent every interval; the client answers {@code {"action":"heartbeat"}}. */
    @RegisterForReflection
    public record Heartbeat(long intervalSeconds) {
    }

    /** {@code PONG}: the answer to {@code {"action":"ping"}}. */
    @RegisterForReflection
    public record Pong(long serverTimeMillis) {
    }

    /** {@code RESYNC_REQUIRED}: the events after {@code requested_since} are not kept; a snapshot follows. */
    @RegisterForReflection
    public record ResyncRequired(long requestedSince, Long oldestAvailableSeq, long lastSeq, String reason) {
    }

    /** {@code STATS_UPDATE}: this instance's connection figures and the jobs of the whole service by status. */
    @RegisterForReflection
    public record Stats(String instanceId, int connections, int subscriptions, int statsSubscribers,
                        Map<String, Long> jobsByStatus, double messagesSentPerSecond, long slowConsumersClosed,
                        boolean listenerConnected) {
    }
}
