package io.videojobs.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A small real WebSocket client of {@code /ws} for tests outside the realtime package. */
public final class SocketClient implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();

    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();

    private SocketClient(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> inbox.add(new JsonObject(text)));
    }

    /** Connects with a bearer token and waits for the CONNECTION_ACK. */
    public static SocketClient connect(int port, String token) {
        ClientWebSocket socket = VERTX.createWebSocketClient().webSocket();
        SocketClient client = new SocketClient(socket);
        await(WebSocketConnect.connect(VERTX, socket, options(port, token)).toCompletionStage().toCompletableFuture());
        client.next("CONNECTION_ACK");
        return client;
    }

    /** The HTTP status an upgrade is refused with, or 101 when a socket opens (it is closed again). */
    public static int upgradeStatus(int port, String token) {
        try {
            WebSocket socket = VERTX.createWebSocketClient().connect(options(port, token))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            socket.close();
            return 101;
        } catch (Exception e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw new AssertionError("Upgrade failed without an HTTP status", e);
        }
    }

    public void send(JsonObject message) {
        await(socket.writeTextMessage(message.encode()).toCompletionStage().toCompletableFuture());
    }

    public void subscribe(String... jobIds) {
        send(new JsonObject().put("action", "subscribe").put("job_ids", new JsonArray(List.of((Object[]) jobIds))));
    }

    /** Skips messages until one of this type arrives; fails after 10 s. */
    public JsonObject next(String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonObject message = poll(deadline - System.nanoTime());
            if (message == null) {
                throw new AssertionError("No " + type + " message within 10 s");
            }
            if (type.equals(message.getString("type"))) {
                return message;
            }
        }
    }

    /** Every message received until none came for {@code quiet}. */
    public List<JsonObject> drain(Duration quiet) {
        List<JsonObject> messages = new ArrayList<>();
        for (JsonObject message = poll(quiet.toNanos()); message != null; message = poll(quiet.toNanos())) {
            messages.add(message);
        }
        return messages;
    }

    @Override
    public void close() {
        await(socket.close().toCompletionStage().toCompletableFuture());
    }

    private JsonObject poll(long nanos) {
        try {
            return inbox.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static WebSocketConnectOptions options(int port, String token) {
        return new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI("/ws")
                .addHeader("Authorization", "Bearer " + token);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
