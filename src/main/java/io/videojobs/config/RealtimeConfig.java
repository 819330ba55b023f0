package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** Behaviour and limits of the live-update WebSocket at {@code /ws} and of its cross-instance fan-out. */
@ConfigMapping(prefix = "video-jobs.ws")
public interface RealtimeConfig {

    /** Interval of the server's {@code HEARTBEAT} message and WebSocket ping; a client silent for two intervals is closed. */
    @WithDefault("30s")
    Duration heartbeatInterval();

    /** Open connections one user may hold on one instance. */
    @WithDefault("20")
    int maxConnectionsPerUser();

    /** Open connections one client IP may hold on one instance. */
    @WithDefault("200")
    int maxConnectionsPerIp();

    /** Job subscriptions one connection may hold. */
    @WithDefault("500")
    int maxSubscriptionsPerConnection();

    /** Largest client message in bytes; a bigger one closes the socket with 1009 (message too big). */
    @WithDefault("65536")
    int maxMessageBytes();

    /** Job ids accepted in one subscribe or unsubscribe message. */
    @WithDefault("100")
    int maxJobIdsPerMessage();

    /** Sustained inbound messages per second and connection (token-bucket refill rate). */
    @WithDefault("20")
    double inboundMessagesPerSecond();

    /** Inbound messages a connection may send in a burst before the rate applies. */
    @WithDefault("100")
    int inboundBurst();

    /** Bytes queued for a connection but not yet written to its socket; beyond this the client is too slow and is closed (4008). */
    @WithDefault("1048576")
    long maxPendingOutboundBytes();

    /**
     * SO_SNDBUF of the HTTP server's sockets in bytes. Unset leaves the OS auto-tuning (up to net.ipv4.tcp_wmem max,
     * often 4 MiB per socket); a fixed value bounds the kernel memory a stalled client can hold.
     */
    OptionalInt socketSendBufferBytes();

    /** How long changed job ids are gathered before one coalesced NOTIFY is sent to the other instances. */
    @WithDefault("5ms")
    Duration notifyCoalesceDelay();

    /** PostgreSQL LISTEN/NOTIFY channel shared by all instances. */
    @WithDefault("video_jobs_changes")
    String notifyChannel();

    /** Delay before the listener connection reconnects after it is lost. */
    @WithDefault("500ms")
    Duration listenerReconnectDelay();

    /**
     * How far before the newest job a user's feed of new jobs announced it looks again for jobs, to announce a job
     * that committed after a job created later (a job's created_at is taken before its commit); a resumed feed may
     * announce again the jobs created this long before its cursor.
     */
    @WithDefault("2s")
    Duration ownerFeedLookback();

    /** Interval of the safety sweep that compares subscribed jobs' last_seq with what was delivered. */
    @WithDefault("5s")
    Duration sweepInterval();

    /** Interval of {@code STATS_UPDATE} messages to admins who subscribed to statistics. */
    @WithDefault("5s")
    Duration statsInterval();

    /** Connections of the live-update side's own pool (log reads, snapshots, NOTIFY), apart from the request pool. */
    @WithDefault("4")
    int readPoolSize();

    /** Most log events read per job in one fan-out batch; a longer backlog continues in the next batch. */
    @WithDefault("500")
    int replayBatchSize();
}
