package io.videojobs.realtime;

/** Server message types and WebSocket error codes beyond the job event types of the wire contract. */
public final class MessageTypes {

    public static final String CONNECTION_ACK = "CONNECTION_ACK";
    public static final String SUBSCRIBED = "SUBSCRIBED";
    public static final String UNSUBSCRIBED = "UNSUBSCRIBED";
    public static final String OWNER_SUBSCRIBED = "OWNER_SUBSCRIBED";
    public static final String OWNER_UNSUBSCRIBED = "OWNER_UNSUBSCRIBED";
    public static final String JOB_CREATED = "JOB_CREATED";
    public static final String STATS_SUBSCRIBED = "STATS_SUBSCRIBED";
    public static final String STATS_UNSUBSCRIBED = "STATS_UNSUBSCRIBED";
    public static final String STATS_UPDATE = "STATS_UPDATE";
    public static final String HEARTBEAT = "HEARTBEAT";
    public static final String PONG = "PONG";
    public static final String RESYNC_REQUIRED = "RESYNC_REQUIRED";
    public static final String ERROR = "ERROR";

    public static final String VALIDATION_ERROR = "VALIDATION_ERROR";
    public static final String JOB_NOT_FOUND = "JOB_NOT_FOUND";
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS";
    public static final String TOO_MANY_CONNECTIONS = "TOO_MANY_CONNECTIONS";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private MessageTypes() {
    }
}
