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
 * Connections are spread over {@link #SLICES} slices of the interval, one slice per tick: beating all of them
 * at once would send and receive two messages per connection in one burst, which delays the live updates
 * written in the same moment (10,000 connections: a p99 of 250 ms instead of 40 ms in the fan-out benchmark).
 * Every tick also closes with {@link CloseCodes#TOKEN_EXPIRED} the connections whose token has expired (within a
 * tick, about 1 s at the default 30 s interval): one comparison per connection, where a timer per connection
 * cost a few hundred bytes each.
 */
@ApplicationScoped
public class HeartbeatMonitor {

    /** Slices of the heartbeat interval; each connection belongs to one, chosen at random when it opens. */
    static final int SLICES = 32;

    private final SessionRegistry sessions;
    private final SessionCommands commands;
    private final RealtimeConfig config;
    private final Vertx vertx;
    private long timer = -1;
    private int tick;

    public HeartbeatMonitor(SessionRegistry sessions, SessionCommands commands, RealtimeConfig config, Vertx vertx) {
        this.sessions = sessions;
        this.commands = commands;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(1, config.heartbeatInterval().toMillis() / SLICES), id -> beat());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void beat() {
        int slice = tick;
        tick = (tick + 1) % SLICES;
        long silentLimit = config.heartbeatInterval().toNanos() * 2;
        WsMessage heartbeat = WsMessage.connection(MessageTypes.HEARTBEAT,
                new MessageData.Heartbeat(config.heartbeatInterval().toSeconds()));
        long nowMillis = System.currentTimeMillis();
        for (ClientSession session : sessions.sessions()) {
            if (session.tokenExpired(nowMillis)) {
                session.close(CloseCodes.TOKEN_EXPIRED, "Token expired");
                continue;
            }
            if (!session.inHeartbeatSlice(slice)) {
                continue;
            }
            if (session.silentNanos() > silentLimit) {
                session.close(CloseCodes.HEARTBEAT_TIMEOUT, "No message or pong for two heartbeat intervals");
            } else {
                commands.send(session, heartbeat);
                session.sendPing();
            }
        }
    }
}
