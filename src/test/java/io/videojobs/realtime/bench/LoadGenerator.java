package io.videojobs.realtime.bench;

import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.videojobs.support.WebSocketConnect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket benchmark's load generator, a separate process. For each point of a rising list of socket
 * counts (10,000 and 19,000 by default in the script) it opens authenticated sockets up to that count
 * (spread over local source addresses 127.0.0.1..n), subscribes each to one of a set of jobs (chosen at
 * random with a fixed seed: {@code i % jobs} would tie a job to the server's round-robin of accepted
 * sockets over its event loops, which real clients do not do), reports
 * the server's RSS while holding them, then (after a warm-up at the first point, {@code -Dbench.warmup-seconds} flat
 * out, 15 by default, so that the JIT has compiled the fan-out path as in a long-running server) drives job changes
 * (REST metadata edits for the service, {@code POST /publish} for the bare baseline) at a fixed rate and then flat
 * out, measuring delivered messages per second and the delay from each message's {@code timestamp} (set in the
 * committing transaction) to its receipt. Between two points it prints the marginal memory per socket: the RSS
 * difference over the sockets added. {@code -Dbench.memory-only=true} measures memory only (no load phases, for a
 * busy machine); {@code -Dbench.hold-seconds=N} holds the sockets N s at each point before going on (time to take a
 * class histogram of the server). Sockets connect on the client's event loop ({@link WebSocketConnect}) and
 * subscribe when their {@code CONNECTION_ACK} arrives.
 * Run: {@code java -cp <test classpath> io.videojobs.realtime.bench.LoadGenerator <service|bare> <port> <server pid>
 * <connections[,more connections...]> <jobs> <fixed rate/s> <phase seconds> <writer concurrency> [jwt secret]}
 */
public final class LoadGenerator {

    private static final String ISSUER = "https://bench.supabase.co/auth/v1";

    private final String mode;
    private final int port;
    private final long serverPid;
    /** The socket counts to measure at, rising. */
    private final int[] points;
    private final int jobs;
    private final String secret;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final List<String> jobIds = new ArrayList<>();
    private final List<String> ownerTokens = new ArrayList<>();
    /** Picks each socket's job, with a fixed seed: the same sockets subscribe to the same jobs in every run. */
    private final Random jobChoice = new Random(42);
    private final AtomicLong delivered = new AtomicLong();
    private volatile LatencyHistogram histogram = new LatencyHistogram();
    /**
     * From the writer's send (the {@code bench <nanoTime>} each write carries into the message) to receipt: the same
     * clock for both servers. The bare server stamps its {@code timestamp} just before it broadcasts, after its
     * requests have queued; the service stamps it in the committing transaction, before its fan-out's queue.
     */
    private volatile LatencyHistogram fromSend = new LatencyHistogram();
    private volatile boolean measuring;

    private LoadGenerator(String[] args) {
        mode = args[0];
        port = Integer.parseInt(args[1]);
        serverPid = Long.parseLong(args[2]);
        points = java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).sorted().toArray();
        int connections = points[points.length - 1];
        jobs = Integer.parseInt(args[4]);
        secret = args.length > 8 ? args[8] : "bench-only-secret-for-hs256-tokens-0123456789abcdef";
        for (int i = 1; i <= 8; i++) {
            clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(connections)
                    .setLocalAddress("127.0.0." + i).setConnectTimeout(30_000)));
        }
    }

    public static void main(String[] args) throws Exception {
        LoadGenerator generator = new LoadGenerator(args);
        int rate = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        int concurrency = Integer.parseInt(args[7]);
        generator.run(rate, seconds, concurrency);
        System.exit(0);
    }

    private void run(int rate, int seconds, int concurrency) throws Exception {
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(port).setDefaultHost("127.0.0.1")
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(Math.max(concurrency, 8)));
        createJobs(http);
        int held = 0;
        long previousRss = 0;
        for (int connections : points) {
            long start = System.nanoTime();
            connectAll(held, connections);
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(3000);
            long rss = rssKb();
            System.out.printf("[%s] held %d authenticated connections, each subscribed to 1 of %d jobs (%d opened in %.1f s)%n",
                    mode, connections, jobs, connections - held, connectSeconds);
            System.out.printf("[%s] server VmRSS %.1f MiB = %.1f KiB per connection%n", mode, rss / 1024.0,
                    (double) rss / connections);
            int hold = Integer.getInteger("bench.hold-seconds", 0);
            if (hold > 0) {
                System.out.printf("[%s] holding %d connections for %d s (for a class histogram or heap dump)%n", mode,
                        connections, hold);
                Thread.sleep(hold * 1000L);
            }
            if (held > 0) {
                double marginal = (double) (rss - previousRss) / (connections - held);
                System.out.printf("[%s] marginal memory: %.1f MiB more for %d more connections = %.1f KiB per connection%n",
                        mode, (rss - previousRss) / 1024.0, connections - held, marginal);
                System.out.printf("MARGINAL mode=%s from=%d to=%d rss_delta_kib=%d marginal_kib_per_conn=%.1f%n",
                        mode, held, connections, rss - previousRss, marginal);
            }
            String memory = String.format("mode=%s connections=%d rss_kib=%d rss_per_conn_kib=%.1f", mode, connections,
                    rss, (double) rss / connections);
            System.out.println("RESULT " + memory + (Boolean.getBoolean("bench.memory-only") ? ""
                    : phases(http, rate, seconds, concurrency, connections == points[0])));
            held = connections;
            previousRss = rss;
        }
    }

    /** The fixed-rate and flat-out phases (after the warm-up, at the first point), as RESULT fields. */
    private String phases(HttpClient http, int rate, int seconds, int concurrency, boolean warmUp) throws Exception {
        if (warmUp) {
            int warmup = Integer.getInteger("bench.warmup-seconds", 15);
            measure(http, warmup, 0, concurrency);
            System.out.printf("[%s] warmed up: %d s flat out%n", mode, warmup);
        }
        measure(http, 3, rate, 0);
        Phase fixed = measure(http, seconds, rate, 0);
        System.out.printf("[%s] fixed rate: %d events/s offered -> %.0f delivered msg/s, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                + " from the writer's send p50 %.1f ms, p99 %.1f ms%n",
                mode, rate, fixed.perSecond, fixed.p50, fixed.p99, fixed.max, fixed.sendP50, fixed.sendP99);
        Phase flatOut = measure(http, seconds, 0, concurrency);
        System.out.printf("[%s] flat out: %d writers -> %.0f delivered msg/s, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                + " from the writer's send p50 %.1f ms, p99 %.1f ms%n",
                mode, concurrency, flatOut.perSecond, flatOut.p50, flatOut.p99, flatOut.max, flatOut.sendP50, flatOut.sendP99);
        return String.format(" fixed_rate=%d fixed_msgs_per_s=%.0f fixed_p99_ms=%.1f flat_msgs_per_s=%.0f flat_p99_ms=%.1f"
                + " fixed_send_p99_ms=%.1f flat_send_p99_ms=%.1f",
                rate, fixed.perSecond, fixed.p99, flatOut.perSecond, flatOut.p99, fixed.sendP99, flatOut.sendP99);
    }

    private record Phase(double perSecond, double p50, double p99, double max, double sendP50, double sendP99) {
    }

    private void createJobs(HttpClient http) throws Exception {
        for (int i = 0; i < jobs; i++) {
            String token = token("bench-user-" + i);
            ownerTokens.add(token);
            if (mode.equals("bare")) {
                jobIds.add(UUID.randomUUID().toString());
                continue;
            }
            Buffer body = await(http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/jobs")
                            .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json"))
                    .compose(request -> request.send("{\"source_url\":\"https://example.com/bench.mp4\"}"))
                    .compose(response -> response.body()));
            jobIds.add(new JsonObject(body).getString("job_id"));
        }
    }

    /** Opens sockets {@code from} (the number already open) up to {@code connections}, each subscribed to its job. */
    private void connectAll(int from, int connections) throws Exception {
        CountDownLatch ready = new CountDownLatch(connections - from);
        Semaphore inFlight = new Semaphore(200);
        AtomicInteger failures = new AtomicInteger();
        for (int i = from; i < connections; i++) {
            inFlight.acquire();
            int job = jobChoice.nextInt(jobs);
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")
                    .addHeader("Authorization", "Bearer " + ownerTokens.get(job));
            String subscribe = "{\"action\":\"subscribe\",\"job_ids\":[\"" + jobIds.get(job) + "\"]}";
            ClientWebSocket ws = clients.get(i % clients.size()).webSocket();
            boolean[] subscribed = {false};
            ws.textMessageHandler(text -> {
                if (!subscribed[0] && text.startsWith("{\"type\":\"SUBSCRIBED\"")) {
                    subscribed[0] = true;
                    inFlight.release();
                    ready.countDown();
                    if (ready.getCount() % 2000 == 0) {
                        System.out.printf("[%s] %d connections subscribed%n", mode, connections - ready.getCount());
                    }
                } else if (text.startsWith("{\"type\":\"METADATA_UPDATE\"") && !text.contains("\"snapshot\":true")) {
                    record(text);
                } else if (text.startsWith("{\"type\":\"HEARTBEAT\"")) {
                    ws.writeTextMessage("{\"action\":\"heartbeat\"}");
                } else if (text.startsWith("{\"type\":\"CONNECTION_ACK\"")) {
                    ws.writeTextMessage(subscribe);
                }
            });
            WebSocketConnect.connect(vertx, ws, options).onComplete(result -> {
                if (result.failed()) {
                    failures.incrementAndGet();
                    System.err.println("connect failed: " + result.cause());
                    inFlight.release();
                    ready.countDown();
                } else if (mode.equals("bare")) {
                    ws.writeTextMessage(subscribe);
                }
            });
        }
        boolean allReady = ready.await(300, TimeUnit.SECONDS);
        if (!allReady || failures.get() > 0) {
            throw new IllegalStateException("only " + (connections - ready.getCount() - failures.get()) + " of "
                    + connections + " connections subscribed; " + failures.get() + " failed");
        }
    }

    private void record(String text) {
        if (!measuring) {
            return;
        }
        Instant received = Instant.now();
        long now = received.getEpochSecond() * 1_000_000 + received.getNano() / 1000;
        int at = text.indexOf("\"timestamp\":\"") + 13;
        Instant sent = Instant.parse(text.substring(at, text.indexOf('"', at)));
        long micros = now - (sent.getEpochSecond() * 1_000_000 + sent.getNano() / 1000);
        histogram.record(micros);
        int bench = text.indexOf("bench ");
        if (bench >= 0) {
            long sentNanos = Long.parseLong(text.substring(bench + 6, text.indexOf('"', bench)));
            fromSend.record((System.nanoTime() - sentNanos) / 1000);
        }
        delivered.incrementAndGet();
    }

    private Phase measure(HttpClient http, int seconds, int rate, int concurrency) throws Exception {
        histogram = new LatencyHistogram();
        fromSend = new LatencyHistogram();
        delivered.set(0);
        measuring = true;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong issued = new AtomicLong();
        if (rate > 0) {
            long periodic = vertx.setPeriodic(10, id -> {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                while (issued.get() < due && System.nanoTime() < end) {
                    write(http, (int) (issued.getAndIncrement() % jobs));
                }
            });
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(end - start));
            vertx.cancelTimer(periodic);
        } else {
            for (int w = 0; w < concurrency; w++) {
                writeLoop(http, issued, end);
            }
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(end - start));
        }
        Thread.sleep(1000);
        measuring = false;
        LatencyHistogram measured = histogram;
        return new Phase(delivered.get() / (double) seconds, measured.percentileMs(0.50), measured.percentileMs(0.99),
                measured.percentileMs(1.0), fromSend.percentileMs(0.50), fromSend.percentileMs(0.99));
    }

    private void writeLoop(HttpClient http, AtomicLong issued, long end) {
        if (System.nanoTime() >= end) {
            return;
        }
        write(http, (int) (issued.getAndIncrement() % jobs)).onComplete(done -> writeLoop(http, issued, end));
    }

    private Future<Void> write(HttpClient http, int job) {
        RequestOptions options = mode.equals("bare")
                ? new RequestOptions().setMethod(HttpMethod.POST).setURI("/publish/" + jobIds.get(job) + "?sent=" + System.nanoTime())
                : new RequestOptions().setMethod(HttpMethod.PATCH).setURI("/api/jobs/" + jobIds.get(job) + "/metadata")
                        .putHeader("Authorization", "Bearer " + ownerTokens.get(job)).putHeader("Content-Type", "application/json");
        String body = mode.equals("bare") ? "" : "{\"TITLE\":\"bench " + System.nanoTime() + "\"}";
        Promise<Void> done = Promise.promise();
        http.request(options).compose(request -> request.send(body)).compose(response -> response.body())
                .onComplete(result -> done.complete());
        return done.future();
    }

    private long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private String token(String subject) {
        return Jwt.subject(subject).issuer(ISSUER).audience("authenticated").groups(Set.of("authenticated"))
                .expiresIn(4 * 3600).signWithSecret(secret);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
