package io.videojobs.realtime;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.videojobs.support.WebSocketConnect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real Vert.x WebSocket client for the /ws endpoint that records every message with its receipt time. */
final class WsTestClient implements AutoCloseable {

    /** A received message and the moment it arrived. */
    record Received(JsonObject json, long receivedAtMillis) {
    }

    private static final Vertx VERTX = Vertx.vertx();

    final WebSocket socket;
    final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    final CompletableFuture<Short> closeStatus = new CompletableFuture<>();

    private WsTestClient(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> inbox.add(new Received(new JsonObject(text), System.currentTimeMillis())));
        socket.closeHandler(v -> closeStatus.complete(socket.closeStatusCode()));
    }

    static WebSocketClient client() {
        return VERTX.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    }

    /** Connects with an {@code Authorization: Bearer} header and waits for the CONNECTION_ACK. */
    static WsTestClient connect(int port, String token) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI("/ws");
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        return open(options);
    }

    /** Connects and waits for the CONNECTION_ACK, which must be the first message. */
    static WsTestClient open(WebSocketConnectOptions options) {
        ClientWebSocket socket = client().webSocket();
        WsTestClient client = new WsTestClient(socket);
        await(WebSocketConnect.connect(VERTX, socket, options).toCompletionStage().toCompletableFuture());
        client.next("CONNECTION_ACK");
        return client;
    }

    /** The HTTP status the upgrade was refused with, or 101 when it was accepted. */
    static int upgradeStatus(WebSocketConnectOptions options) {
        try {
            WebSocket socket = client().connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            socket.close();
            return 101;
        } catch (Exception e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw new AssertionError("Upgrade failed without an HTTP status", e);
        }
    }

    void send(String text) {
        await(socket.writeTextMessage(text).toCompletionStage().toCompletableFuture());
    }

    void send(JsonObject json) {
        send(json.encode());
    }

    void subscribe(String... jobIds) {
        send(new JsonObject().put("action", "subscribe").put("job_ids", new JsonArray(List.of((Object[]) jobIds))));
    }

    /** The next message of this type, skipping heartbeats; fails after 10 s. */
    JsonObject next(String type) {
        return nextReceived(m -> type.equals(m.getString("type")), Duration.ofSeconds(10)).json();
    }

    Received nextReceived(Predicate<JsonObject> match, Duration timeout) {
        return nextReceived(match, timeout, false);
    }

    private Received nextReceived(Predicate<JsonObject> match, Duration timeout, boolean skipSnapshots) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received received;
            try {
                received = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (received == null) {
                fail("No matching message within " + timeout + "; inbox: " + inbox);
            }
            if ("HEARTBEAT".equals(received.json().getString("type")) && !match.test(received.json())) {
                continue;
            }
            if (skipSnapshots && Boolean.TRUE.equals(received.json().getBoolean("snapshot"))) {
                continue;
            }
            if (match.test(received.json())) {
                return received;
            }
            fail("Unexpected message " + received.json().encode());
        }
    }

    /** The next message of this type that is not part of a snapshot. */
    JsonObject nextLive(String type) {
        return nextReceived(m -> type.equals(m.getString("type")), Duration.ofSeconds(10), true).json();
    }

    /** The next message whatever its type (heartbeats excluded). */
    JsonObject next() {
        return nextReceived(m -> !"HEARTBEAT".equals(m.getString("type")), Duration.ofSeconds(10)).json();
    }

    /** Every message received within {@code quiet} of silence, heartbeats excluded. */
    List<JsonObject> drain(Duration quiet) {
        List<JsonObject> messages = new ArrayList<>();
        while (true) {
            Received received;
            try {
                received = inbox.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (received == null) {
                return messages;
            }
            if (!"HEARTBEAT".equals(received.json().getString("type"))) {
                messages.add(received.json());
            }
        }
    }

    short awaitClose(Duration timeout) {
        try {
            Short status = closeStatus.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(status, "closed without a status code");
            return status;
        } catch (Exception e) {
            throw new AssertionError("Socket not closed within " + timeout, e);
        }
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
