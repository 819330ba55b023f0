package io.videojobs.realtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.videojobs.config.RealtimeConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every heartbeat interval, sends each connection a {@code HEARTBEAT} message and a WebSocket ping, and
 * closes with {@link CloseCodes#HEARTBEAT_TIMEOUT} those that sent nothing (not even a pong) for two intervals.
 */
@ApplicationScoped
public class HeartbeatMonitor {

    private final SessionRegistry sessions;
    private final SessionCommands commands;
    private final RealtimeConfig config;
    private final Vertx vertx;
    private long timer = -1;

    public HeartbeatMonitor(SessionRegistry sessions, SessionCommands commands, RealtimeConfig config, Vertx vertx) {
        this.sessions = sessions;
        this.commands = commands;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.heartbeatInterval().toMillis(), id -> beat());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void beat() {
        long silentLimit = config.heartbeatInterval().toNanos() * 2;
        WsMessage heartbeat = WsMessage.connection(MessageTypes.HEARTBEAT,
                new MessageData.Heartbeat(config.heartbeatInterval().toSeconds()));
        for (ClientSession session : sessions.sessions()) {
            if (session.silentNanos() > silentLimit) {
                session.close(CloseCodes.HEARTBEAT_TIMEOUT, "No message or pong for two heartbeat intervals");
            } else {
                commands.send(session, heartbeat);
                session.sendPing();
            }
        }
    }
}
