package io.videojobs.realtime;

/** WebSocket close codes the server uses; documented for client authors in the README and AsyncAPI document. */
public final class CloseCodes {

    /** The instance is shutting down: reconnect (another instance answers) and resume with {@code since}. */
    public static final int GOING_AWAY = 1001;
    /** A client message was larger than {@code video-jobs.ws.max-message-bytes}. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The access token expired: reconnect with a fresh token. */
    public static final int TOKEN_EXPIRED = 4001;
    /** Nothing was received for two heartbeat intervals. */
    public static final int HEARTBEAT_TIMEOUT = 4002;
    /** The client did not read fast enough and its outbound buffer overflowed. */
    public static final int SLOW_CONSUMER = 4008;
    /** The user or IP already holds the maximum number of connections. */
    public static final int TOO_MANY_CONNECTIONS = 4029;

    private CloseCodes() {
    }
}
