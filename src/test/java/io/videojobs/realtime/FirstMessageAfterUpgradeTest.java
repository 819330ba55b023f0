package io.videojobs.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import io.videojobs.support.TestVertx;
import io.videojobs.support.WebSocketConnect;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Thousands of sockets started from plain threads, each subscribing the instant it opens: none may lose its ACK or its subscribe. */
@QuarkusTest
class FirstMessageAfterUpgradeTest {

    private static final int CONNECTIONS = 4000;
    private static final int OPEN_AT_ONCE = 1000;
    /** Admins, who may all subscribe to one job; enough of them to stay under the 20 connections per user. */
    private static final int USERS = 100;
    private static final int SOURCE_ADDRESSES = 8;
    private static final int CALLER_THREADS = 16;

    @TestHTTPResource("/")
    URL base;

    private final Vertx vertx = TestVertx.get();
    private final ExecutorService callers = Executors.newFixedThreadPool(CALLER_THREADS);
    private final List<WebSocketClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        callers.shutdownNow();
        for (WebSocketClient client : clients) {
            client.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void everySocketGetsConnectionAckFirstAndAnAnswerToItsImmediateSubscribe() throws InterruptedException {
        String jobId = JobApi.as(TestTokens.user("first-message-owner")).submitJob();
        String subscribe = new JsonObject().put("action", "subscribe").put("job_ids", List.of(jobId)).encode();
        List<WebSocketConnectOptions> userOptions = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
            userOptions.add(new WebSocketConnectOptions().setHost("localhost").setPort(base.getPort()).setURI("/ws")
                    .addHeader("Authorization", "Bearer " + TestTokens.admin("first-message-admin-" + user)));
        }
        for (int i = 1; i <= SOURCE_ADDRESSES; i++) {
            clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(OPEN_AT_ONCE)
                    .setLocalAddress("127.0.0." + i).setConnectTimeout(20_000)));
        }
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        CountDownLatch settled = new CountDownLatch(CONNECTIONS);
        Semaphore open = new Semaphore(OPEN_AT_ONCE);
        for (int i = 0; i < CONNECTIONS; i++) {
            // a probe that never settles fails the test here instead of hanging it
            assertTrue(open.tryAcquire(60, TimeUnit.SECONDS), "a connection never settled: " + new TreeMap<>(outcomes));
            Probe probe = new Probe(clients.get(i % SOURCE_ADDRESSES).webSocket(), subscribe, outcome -> {
                outcomes.merge(outcome, 1, Integer::sum);
                open.release();
                settled.countDown();
            });
            WebSocketConnectOptions options = userOptions.get(i % USERS);
            callers.execute(() -> probe.open(options));
        }
        settled.await(60, TimeUnit.SECONDS);
        assertEquals(Map.of("ok", CONNECTIONS), new TreeMap<>(outcomes));
    }

    /** One socket: whether CONNECTION_ACK came first and its subscribe was answered (SUBSCRIBED, then the snapshot). */
    private final class Probe {

        private final ClientWebSocket socket;
        private final String subscribe;
        private final Consumer<String> done;
        private String first;
        private boolean subscribed;
        private boolean finished;
        private long timer = -1;

        Probe(ClientWebSocket socket, String subscribe, Consumer<String> done) {
            this.socket = socket;
            this.subscribe = subscribe;
            this.done = done;
            socket.textMessageHandler(this::received);
        }

        void open(WebSocketConnectOptions options) {
            WebSocketConnect.connect(vertx, socket, options).onComplete(connected -> {
                if (connected.failed()) {
                    // a socket that never opened has nothing to close (its close would never complete)
                    finished = true;
                    done.accept("connect failed: " + connected.cause());
                    return;
                }
                socket.writeTextMessage(subscribe);
                timer = vertx.setTimer(10_000, id -> finish(first == null ? "nothing received"
                        : subscribed ? "no snapshot" : "first message " + first + ", subscribe unanswered"));
            });
        }

        private void received(String text) {
            String type = new JsonObject(text).getString("type");
            if (first == null) {
                first = type;
            }
            if ("SUBSCRIBED".equals(type)) {
                subscribed = true;
            } else if ("JOB_UPDATE".equals(type) && subscribed) {
                finish("CONNECTION_ACK".equals(first) ? "ok" : "first message " + first);
            }
        }

        private void finish(String outcome) {
            if (!finished) {
                finished = true;
                vertx.cancelTimer(timer);
                socket.close().onComplete(closed -> done.accept(outcome));
            }
        }
    }
}
