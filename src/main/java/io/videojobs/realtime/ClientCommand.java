package io.videojobs.realtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A validated client message. */
public sealed interface ClientCommand {

    /** Subscribe to jobs; {@code since} maps a job id to the last seq the client has seen of it. */
    record Subscribe(List<UUID> jobIds, Map<UUID, Long> since) implements ClientCommand {
    }

    record Unsubscribe(List<UUID> jobIds) implements ClientCommand {
    }

    record Ping() implements ClientCommand {
    }

    /** The client's answer to a {@code HEARTBEAT}. */
    record Heartbeat() implements ClientCommand {
    }

    /**
     * Starts the caller's feed of new jobs; {@code after} (both null or both set) is the creation time and id of the
     * last job the client knows.
     */
    record SubscribeOwner(Instant afterCreatedAt, UUID afterJobId) implements ClientCommand {
    }

    record UnsubscribeOwner() implements ClientCommand {
    }

    record SubscribeStats() implements ClientCommand {
    }

    record UnsubscribeStats() implements ClientCommand {
    }
}
