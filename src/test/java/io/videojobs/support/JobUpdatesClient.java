package io.videojobs.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Vert.x WebSocket client of {@code /ws}, the one the tests use. It records every message with its
 * arrival time. Each read method says what it does with the messages before the one it looks for:
 * {@code expect…} passes over heartbeats only and fails on anything else, {@code next…} passes over heartbeats,
 * {@code skipTo} passes over everything, {@code drainExceptHeartbeats} and {@code drainAll} collect. Every message
 * is checked against asyncapi.yaml ({@link AsyncApiContract}) as it is read, and those left unread at the close:
 * the next read, or the close, fails on one that breaks it.
 */
public final class JobUpdatesClient implements AutoCloseable {

    /** A received message and the moment it arrived. */
    public record Received(JsonObject json, long receivedAtMillis) {
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ClientWebSocket socket;
    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closeStatus = new CompletableFuture<>();
    private final List<String> contractViolations = new CopyOnWriteArrayList<>();

    private JobUpdatesClient(ClientWebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> inbox.add(new Received(new JsonObject(text), System.currentTimeMillis())));
        socket.closeHandler(v -> closeStatus.complete(socket.closeStatusCode()));
    }

    /** Connects with an {@code Authorization: Bearer} header and expects the CONNECTION_ACK as the first message. */
    public static JobUpdatesClient connect(int port, String token) {
        return connect(bearer(port, token));
    }

    /** Connects and expects the CONNECTION_ACK as the first message. */
    public static JobUpdatesClient connect(WebSocketConnectOptions options) {
        JobUpdatesClient client = new JobUpdatesClient(webSocketClient().webSocket());
        await(WebSocketConnect.connect(TestVertx.get(), client.socket, options));
        client.expect("CONNECTION_ACK");
        return client;
    }

    /** Options for {@code uri} (the path, with any query) on localhost, without credentials. */
    public static WebSocketConnectOptions options(int port, String uri) {
        return new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(uri);
    }

    /** Options for {@code /ws} with an {@code Authorization: Bearer} header. */
    public static WebSocketConnectOptions bearer(int port, String token) {
        return options(port, "/ws").addHeader("Authorization", "Bearer " + token);
    }

    /** The HTTP status the upgrade is refused with, or 101 when a socket opens (it is closed again at once). */
    public static int upgradeStatus(WebSocketConnectOptions options) {
        try {
            WebSocket socket = webSocketClient().connect(options).toCompletionStage().toCompletableFuture()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            socket.close();
            return 101;
        } catch (Exception e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw new AssertionError("Upgrade failed without an HTTP status", e);
        }
    }

    /** Sends a text frame and waits until it is written. */
    public void send(String text) {
        await(socket.writeTextMessage(text));
    }

    public void send(JsonObject message) {
        send(message.encode());
    }

    /** Starts writing a text frame without waiting, for frames the server may close the socket over. */
    public void sendWithoutWaiting(String text) {
        socket.writeTextMessage(text);
    }

    public void subscribe(String... jobIds) {
        send(new JsonObject().put("action", "subscribe").put("job_ids", new JsonArray(List.of((Object[]) jobIds))));
    }

    /** Subscribes to one job with {@code since}: the events after that seq, or a resync. */
    public void resume(String jobId, long since) {
        send(new JsonObject().put("action", "subscribe").put("job_ids", new JsonArray().add(jobId))
                .put("since", new JsonObject().put(jobId, since)));
    }

    /** The next message other than a heartbeat, which must be of this type; fails on any other, or after 10 s. */
    public JsonObject expect(String type) {
        return expectReceived(type, WAIT).json();
    }

    /** As {@link #expect}, with the arrival time and a timeout of its own; {@code "HEARTBEAT"} expects a heartbeat. */
    public Received expectReceived(String type, Duration timeout) {
        return receive(isType(type), JobUpdatesClient::isHeartbeat, timeout, type);
    }

    /** As {@link #expect}, passing over snapshot messages too: the next live message, which must be of this type. */
    public JsonObject expectLive(String type) {
        Predicate<JsonObject> snapshot = m -> Boolean.TRUE.equals(m.getBoolean("snapshot"));
        return receive(isType(type).and(snapshot.negate()), snapshot.or(JobUpdatesClient::isHeartbeat), WAIT,
                "live " + type).json();
    }

    /** The next message whatever its type, heartbeats passed over; fails after 10 s. */
    public JsonObject nextMessage() {
        return nextReceived(WAIT).json();
    }

    /** The next message whatever its type, heartbeats passed over, with its arrival time. */
    public Received nextReceived(Duration timeout) {
        return receive(m -> !isHeartbeat(m), JobUpdatesClient::isHeartbeat, timeout, "message");
    }

    /** Passes over every message until one of this type arrives, and returns it; fails after 10 s. */
    public JsonObject skipTo(String type) {
        return receive(isType(type), m -> true, WAIT, type).json();
    }

    /** Every message received until none came for {@code quiet}, heartbeats left out. */
    public List<JsonObject> drainExceptHeartbeats(Duration quiet) {
        return drain(quiet).stream().filter(m -> !isHeartbeat(m)).toList();
    }

    /** Every message received until none came for {@code quiet}, heartbeats included. */
    public List<JsonObject> drainAll(Duration quiet) {
        return drain(quiet);
    }

    /** The close code the server closed the socket with; fails if it stays open for {@code timeout}. */
    public short awaitClose(Duration timeout) {
        try {
            Short status = closeStatus.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(status, "closed without a status code");
            return status;
        } catch (Exception e) {
            throw new AssertionError("Socket not closed within " + timeout, e);
        }
    }

    /** The subprotocol the server chose at the upgrade. */
    public String subProtocol() {
        return socket.subProtocol();
    }

    /** Closes the socket unless the server already has, and waits for the close. */
    @Override
    public void close() {
        if (!socket.isClosed()) {
            await(socket.close());
        }
        inbox.forEach(this::check);
        assertMessagesKeepToContract();
    }

    /** Fails if a message read so far (and, after the close, any received) breaks asyncapi.yaml. */
    public void assertMessagesKeepToContract() {
        if (!contractViolations.isEmpty()) {
            fail("A message breaks asyncapi.yaml:\n  " + String.join("\n  ", contractViolations));
        }
    }

    /** Checked on the test's thread as it is read, not on the event loop, which must keep up with the socket. */
    private void check(Received received) {
        contractViolations.addAll(AsyncApiContract.get().violations(received.json().encode()));
    }

    private Received receive(Predicate<JsonObject> wanted, Predicate<JsonObject> passOver, Duration timeout,
                             String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Received received = poll(deadline - System.nanoTime());
            if (received == null) {
                fail("No " + what + " within " + timeout + "; inbox: " + inbox);
            }
            if (wanted.test(received.json())) {
                return received;
            }
            if (!passOver.test(received.json())) {
                fail("Unexpected message while waiting for " + what + ": " + received.json().encode());
            }
        }
    }

    private List<JsonObject> drain(Duration quiet) {
        List<JsonObject> messages = new ArrayList<>();
        for (Received received = poll(quiet.toNanos()); received != null; received = poll(quiet.toNanos())) {
            messages.add(received.json());
        }
        return messages;
    }

    private Received poll(long nanos) {
        try {
            Received received = inbox.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            if (received != null) {
                check(received);
                assertMessagesKeepToContract();
            }
            return received;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Predicate<JsonObject> isType(String type) {
        return m -> type.equals(m.getString("type"));
    }

    private static boolean isHeartbeat(JsonObject message) {
        return "HEARTBEAT".equals(message.getString("type"));
    }

    private static WebSocketClient webSocketClient() {
        return TestVertx.get().createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
