package io.videojobs.realtime;

import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.videojobs.config.RealtimeConfig;
import io.vertx.core.buffer.Buffer;

/**
 * The {@code /ws} endpoint: live job updates by the seed-004 wire contract. Authentication happens at
 * the upgrade ({@link WebSocketAuthenticator}); each socket then gets a {@link ClientSession}. Messages
 * of one connection are handled one at a time, each to completion: {@link ClientSession#runInOrder} orders them,
 * which costs nothing on an idle socket, where websockets-next's own ordering (its {@code SERIAL} mode) keeps a
 * queue of 256 slots per connection.
 */
@WebSocket(path = "/ws", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class JobUpdatesSocket {

    static final UserData.TypedKey<ClientSession> SESSION = new UserData.TypedKey<>("video-jobs.session");

    private final SessionRegistry sessions;
    private final SessionCommands commands;
    private final ClientMessageParser parser;
    private final RealtimeConfig config;
    private final RealtimeMetrics metrics;

    public JobUpdatesSocket(SessionRegistry sessions, SessionCommands commands, ClientMessageParser parser,
                            RealtimeConfig config, RealtimeMetrics metrics) {
        this.sessions = sessions;
        this.commands = commands;
        this.parser = parser;
        this.config = config;
        this.metrics = metrics;
    }

    @OnOpen
    @NonBlocking
    void onOpen(WebSocketConnection connection) {
        openOnFirstCallback(connection);
    }

    /**
     * Takes a message as it arrives (liveness, size and rate limits, so that a flooding client queues nothing)
     * and carries it out after the connection's earlier messages.
     */
    @OnTextMessage
    @NonBlocking
    void onText(String text, WebSocketConnection connection) {
        ClientSession session = openOnFirstCallback(connection);
        if (session == null || session.isClosing()) {
            return;
        }
        session.touch();
        if (text.length() > config.maxMessageBytes()) {
            session.close(CloseCodes.MESSAGE_TOO_BIG, "Message too big");
            return;
        }
        if (!session.tryAcceptInbound()) {
            metrics.inboundRateLimited();
            session.runInOrder(() -> {
                commands.send(session, WsMessage.error(null, MessageTypes.RATE_LIMITED, "Too many messages; slow down to "
                        + config.inboundMessagesPerSecond() + " per second"));
                return Uni.createFrom().voidItem();
            });
            return;
        }
        session.runInOrder(() -> execute(session, text));
    }

    private Uni<Void> execute(ClientSession session, String text) {
        if (session.isClosing()) {
            return Uni.createFrom().voidItem();
        }
        ClientCommand command;
        try {
            command = parser.parse(text);
        } catch (InvalidClientMessageException e) {
            commands.send(session, WsMessage.error(null, MessageTypes.VALIDATION_ERROR, e.getMessage()));
            return Uni.createFrom().voidItem();
        }
        return commands.execute(session, command);
    }

    @OnPongMessage
    @NonBlocking
    void onPong(Buffer data, WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            session.touch();
        }
    }

    @OnClose
    @NonBlocking
    void onClose(WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session == null) {
            return;
        }
        commands.closeAll(session);
        sessions.remove(session);
    }

    /**
     * The connection's session, opened by whichever callback of the connection comes first. Quarkus runs
     * {@code @OnOpen} as a task on the connection's event loop, so a message already buffered can be handled
     * before it; the {@code CONNECTION_ACK} is still the first message sent. Null once the connection has
     * closed without a session.
     */
    private ClientSession openOnFirstCallback(WebSocketConnection connection) {
        ClientSession existing = connection.userData().get(SESSION);
        if (existing != null || connection.isClosed()) {
            return existing;
        }
        WebSocketAuthenticator.Authenticated auth = connection.userData().get(WebSocketAuthenticator.AUTHENTICATED);
        ClientSession session = new ClientSession(connection, auth.caller(), auth.remoteIp(), auth.expiresAtMillis(),
                sessions, config.maxPendingOutboundBytes(),
                new InboundRateLimiter(config.inboundMessagesPerSecond(), config.inboundBurst()));
        connection.userData().put(SESSION, session);
        if (admit(session)) {
            acknowledge(session, connection, auth);
        }
        return session;
    }

    /** Registers the session within the per-user and per-IP limits; otherwise, or while draining, closes it. */
    private boolean admit(ClientSession session) {
        if (sessions.isDraining()) {
            session.close(CloseCodes.GOING_AWAY, "Server shutting down");
            return false;
        }
        if (!sessions.tryAdd(session)) {
            metrics.connectionLimited();
            commands.send(session, WsMessage.error(null, MessageTypes.TOO_MANY_CONNECTIONS,
                    "Too many open connections for this user or IP address"));
            session.close(CloseCodes.TOO_MANY_CONNECTIONS, "Too many connections");
            return false;
        }
        return true;
    }

    private void acknowledge(ClientSession session, WebSocketConnection connection,
                             WebSocketAuthenticator.Authenticated auth) {
        commands.send(session, WsMessage.connection(MessageTypes.CONNECTION_ACK, new MessageData.ConnectionAck(
                connection.id(), auth.caller().userId(), auth.caller().admin(), config.heartbeatInterval().toSeconds(),
                config.maxSubscriptionsPerConnection(), config.maxJobIdsPerMessage(), auth.expiresAtMillis() / 1000)));
    }
}
