package io.videojobs.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A real HTTP server on loopback that records every request it gets (method, path, headers, body, time) and
 * answers as its {@link Responder} says: the far end of outgoing requests (source fetches, webhook deliveries) in
 * tests. The responder can be changed while it runs, to stage an outage, a slow answer or a recovery.
 */
public final class HttpReceiver implements AutoCloseable {

    /** One request as received; header names lower-case. */
    public record Received(String method, String path, Map<String, String> headers, byte[] body, Instant at) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How to answer a request. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), "");
        }
    }

    /** Decides the answer to a request; may sleep to hold the request open. */
    @FunctionalInterface
    public interface Responder {
        Answer answer(Received request) throws Exception;
    }

    /** Name of the threads that answer requests (a benchmark counts their CPU as its own, not the service's). */
    public static final String THREAD_NAME = "http-receiver";

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Responder responder;

    private HttpReceiver(HttpServer server, ExecutorService executor, Responder responder) {
        this.server = server;
        this.executor = executor;
        this.responder = responder;
    }

    /** A receiver answering {@code 200} to everything. */
    public static HttpReceiver start() {
        return start(request -> Answer.status(200));
    }

    public static HttpReceiver start(Responder responder) {
        return start(0, responder);
    }

    /** A receiver on {@code port} (0: any free one), for example to come back where a stopped one was. */
    public static HttpReceiver start(int port, Responder responder) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            ExecutorService executor = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, THREAD_NAME);
                thread.setDaemon(true);
                return thread;
            });
            HttpReceiver receiver = new HttpReceiver(server, executor, responder);
            server.createContext("/", exchange -> {
                try (exchange; InputStream in = exchange.getRequestBody()) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    exchange.getRequestHeaders().forEach((name, values) ->
                            headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
                    Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                            headers, in.readAllBytes(), Instant.now());
                    receiver.received.add(request);
                    Answer answer;
                    try {
                        answer = receiver.responder.answer(request);
                    } catch (Exception e) {
                        answer = Answer.status(500);
                    }
                    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
                    if (body.length > 0) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    }
                } catch (IOException e) {
                    // the client went away: nothing to answer
                }
            });
            server.setExecutor(executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void respondWith(Responder responder) {
        this.responder = responder;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Waits until {@code count} requests matching {@code filter} arrived, and returns all that match. */
    public List<Received> await(Predicate<Received> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Received> matching = received.stream().filter(filter).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " matching requests within " + timeout + ", got "
                        + matching.size() + " of " + received.size());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted");
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
