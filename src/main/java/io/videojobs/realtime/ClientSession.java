package io.videojobs.realtime;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.videojobs.security.Caller;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The server side of one open socket: who it belongs to, its subscriptions and its outbound budget.
 * Sends never block: bytes queued but not yet written are counted, and a client whose backlog passes
 * the limit is closed with {@link CloseCodes#SLOW_CONSUMER} so it cannot slow anyone else or grow memory.
 */
final class ClientSession {

    private static final Logger LOG = Logger.getLogger(ClientSession.class);

    private final WebSocketConnection connection;
    private final Caller caller;
    private final String remoteIp;
    private final long tokenExpiresAtMillis;
    /** Sized for the usual one or two jobs: a table of 4, not the default 16 (48 bytes less per socket); it grows. */
    private final Map<UUID, Subscription> subscriptions = new ConcurrentHashMap<>(2);
    private final InboundRateLimiter inbound;
    /** The connection's Vert.x context and its event-loop thread, on which fan-out writes to it. */
    private final Context context;
    private final Thread eventLoop;
    /** The slice of the heartbeat interval in which this connection gets its heartbeat. */
    private final int heartbeatSlice = ThreadLocalRandom.current().nextInt(HeartbeatMonitor.SLICES);

    private final SessionRegistry registry;
    private final long maxPendingBytes;
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile long lastInboundNanos = System.nanoTime();
    private volatile boolean closing;
    private volatile boolean statsSubscribed;
    private final AtomicReference<OwnerSubscription> ownerSubscription = new AtomicReference<>();
    /** Whether a command is being carried out; only touched on the event loop, like {@link #waitingCommands}. */
    private boolean commandRunning;
    /** Commands that came in while one ran, in order; created on the first such command (most sockets have none). */
    private ArrayDeque<Supplier<Uni<Void>>> waitingCommands;

    /** Created on the connection's event loop, whose context it keeps. */
    ClientSession(WebSocketConnection connection, Caller caller, String remoteIp, long tokenExpiresAtMillis,
                  SessionRegistry registry, long maxPendingBytes, InboundRateLimiter inbound) {
        this.context = Vertx.currentContext();
        this.eventLoop = Thread.currentThread();
        this.connection = connection;
        this.caller = caller;
        this.remoteIp = remoteIp;
        this.tokenExpiresAtMillis = tokenExpiresAtMillis;
        this.registry = registry;
        this.maxPendingBytes = maxPendingBytes;
        this.inbound = inbound;
    }

    /** Queues one text message; false when the session is closing or has just been cut for being too slow. */
    boolean send(String text) {
        if (closing) {
            registry.recordDropped();
            return false;
        }
        long size = text.length();
        if (pendingBytes.addAndGet(size) > maxPendingBytes) {
            pendingBytes.addAndGet(-size);
            registry.recordDropped();
            registry.recordSlowConsumer();
            close(CloseCodes.SLOW_CONSUMER, "Client too slow: outbound buffer full");
            return false;
        }
        long queuedAt = System.nanoTime();
        connection.sendText(text).subscribe().with(
                done -> {
                    pendingBytes.addAndGet(-size);
                    registry.recordSent(System.nanoTime() - queuedAt);
                },
                failure -> {
                    pendingBytes.addAndGet(-size);
                    registry.recordDropped();
                });
        return true;
    }

    void sendPing() {
        if (!closing) {
            connection.sendPing(Buffer.buffer("hb")).subscribe().with(done -> { }, failure -> { });
        }
    }

    /** Starts closing with a close frame; the returned Uni completes when the frame is written. */
    Uni<Void> close(int code, String reason) {
        if (closing) {
            return Uni.createFrom().voidItem();
        }
        closing = true;
        LOG.debugf("Closing connection %s of %s with %d: %s", connection.id(), caller.userId(), code, reason);
        Uni<Void> closed = connection.close(new CloseReason(code, reason)).onFailure().recoverWithNull()
                .memoize().indefinitely();
        closed.subscribe().with(done -> { }, failure -> { });
        return closed;
    }

    boolean isClosing() {
        return closing || connection.isClosed();
    }

    /** Whether the caller's token has expired; {@link HeartbeatMonitor} closes such sessions on its next tick. */
    boolean tokenExpired(long nowMillis) {
        return nowMillis >= tokenExpiresAtMillis;
    }

    /** A message or pong came in: the client is alive. */
    void touch() {
        lastInboundNanos = System.nanoTime();
    }

    long silentNanos() {
        return System.nanoTime() - lastInboundNanos;
    }

    /** Takes one inbound message from the rate budget; false when the client sends faster than allowed. */
    boolean tryAcceptInbound() {
        return inbound.tryAcquire();
    }

    boolean inHeartbeatSlice(int slice) {
        return heartbeatSlice == slice;
    }

    Caller caller() {
        return caller;
    }

    String remoteIp() {
        return remoteIp;
    }

    /** The event-loop thread that owns this connection: every write to it happens there. */
    Thread eventLoop() {
        return eventLoop;
    }

    /** Runs {@code task} on this connection's event loop, after the tasks already queued there. */
    void runOnEventLoop(Handler<Void> task) {
        context.runOnContext(task);
    }

    /**
     * Carries out the client's commands one at a time, each to completion, in the order they came in; called on
     * the event loop. The endpoint takes its messages concurrently, so that websockets-next keeps no queue of its
     * own per connection (a 256-slot array for every socket, idle or not).
     */
    void runInOrder(Supplier<Uni<Void>> command) {
        if (commandRunning) {
            if (waitingCommands == null) {
                waitingCommands = new ArrayDeque<>(4);
            }
            waitingCommands.add(command);
            return;
        }
        commandRunning = true;
        Uni<Void> running;
        try {
            running = command.get();
        } catch (RuntimeException e) {
            running = Uni.createFrom().failure(e);
        }
        running.subscribe().with(done -> commandDone(), failure -> {
            LOG.errorf(failure, "A command of connection %s failed", connection.id());
            commandDone();
        });
    }

    /** Starts the next waiting command, on the event loop whichever thread finished the last one. */
    private void commandDone() {
        if (Thread.currentThread() != eventLoop) {
            context.runOnContext(v -> commandDone());
            return;
        }
        commandRunning = false;
        Supplier<Uni<Void>> next = waitingCommands == null ? null : waitingCommands.poll();
        if (next != null) {
            runInOrder(next);
        }
    }

    void subscribeToStats() {
        statsSubscribed = true;
    }

    void unsubscribeFromStats() {
        statsSubscribed = false;
    }

    boolean receivesStats() {
        return statsSubscribed;
    }

    /** Makes {@code next} (null for none) this session's feed of new jobs and returns the one it replaces. */
    OwnerSubscription ownerSubscription(OwnerSubscription next) {
        return ownerSubscription.getAndSet(next);
    }

    /** Adds and returns a subscription to {@code jobId}, not yet live. */
    Subscription addSubscription(UUID jobId) {
        Subscription subscription = new Subscription(this, jobId);
        subscriptions.put(jobId, subscription);
        return subscription;
    }

    /** Removes and returns the subscription to {@code jobId}, or null when there is none. */
    Subscription removeSubscription(UUID jobId) {
        return subscriptions.remove(jobId);
    }

    boolean isSubscribedTo(UUID jobId) {
        return subscriptions.containsKey(jobId);
    }

    /** The subscription to {@code jobId}, or null. */
    Subscription subscriptionTo(UUID jobId) {
        return subscriptions.get(jobId);
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    List<UUID> subscribedJobIds() {
        return new ArrayList<>(subscriptions.keySet());
    }
}
