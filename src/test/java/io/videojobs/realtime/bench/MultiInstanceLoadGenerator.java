package io.videojobs.realtime.bench;

import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.videojobs.support.WebSocketConnect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The load generator of the multi-instance benchmark ({@code src/test/bench/multi-instance/run.sh}), a separate
 * process driving several instances of the packaged service that share one PostgreSQL database. Each instance gets
 * its writers: each writer owns one job, created through that instance, and edits its title there
 * ({@code PATCH /api/jobs/{id}/metadata}) in a closed loop; every edit commits one {@code METADATA_UPDATE} event.
 * After a warm-up, three measured phases: flat out with no subscriber; flat out with {@code bench.subscribers}
 * sockets per job on every instance, so that each event reaches the sockets of the instance that wrote it through its
 * local wake-up and those of every other instance through LISTEN/NOTIFY; and with the same sockets at half the rate
 * the previous phase reached, paced, to see the delivery time when the machine is not saturated. Then PostgreSQL's
 * ceiling: with the instances
 * paused ({@code SIGSTOP}), pgbench runs the same write transaction with one client per writer, each on its job
 * ({@code bench_job_ids}).
 *
 * <p>Per phase it prints event commits per second (per instance and in total), the writers' answer times, the time
 * from each event's {@code timestamp} (taken in the committing transaction, just before the event's insert) to its
 * arrival on each socket, split into sockets on the writing instance and on the others, whether every socket got
 * every event ({@code seq} gaps, duplicates, and the events still missing 10 s after the last edit), the CPU time
 * per commit of the instances, of PostgreSQL and of this process ({@link ProcessTreeCpu}), and PostgreSQL's own
 * statistics ({@link PostgresActivity}); each phase also as one {@code RESULT} line for the script's summary.
 * Settings (system properties): {@code bench.ports}, {@code bench.pids} (the instances', same order),
 * {@code bench.postmaster} (PostgreSQL's pid), {@code bench.jdbc} (a superuser JDBC URL of the database),
 * {@code bench.pgbench} (the pgbench command without {@code -c}, {@code -T} and the log options),
 * {@code bench.writers} (per instance), {@code bench.subscribers} (sockets per job and instance),
 * {@code bench.warmup} and {@code bench.seconds} (per phase), {@code bench.secret} (the JWT secret),
 * {@code bench.paced-rate} (edits/s in all in the third phase; unset: half the second phase's rate).
 */
public final class MultiInstanceLoadGenerator {

    private static final String ISSUER = "https://bench.supabase.co/auth/v1";
    private static final long DRAIN_SECONDS = 10;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final int[] ports = numbers("bench.ports");
    private final long[] pids = Arrays.stream(numbers("bench.pids")).asLongStream().toArray();
    private final long postmaster = Long.getLong("bench.postmaster");
    private final int writersPerInstance = Integer.getInteger("bench.writers");
    private final int subscribersPerJob = Integer.getInteger("bench.subscribers");
    private final int seconds = Integer.getInteger("bench.seconds");
    private final String secret = System.getProperty("bench.secret");
    private final String label = "[" + ports.length + (ports.length == 1 ? " instance]" : " instances]");
    private final List<HttpClient> clients = new ArrayList<>();
    private final WebSocketClient sockets;
    private final List<Writer> writers = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private volatile Phase phase = new Phase(0, 0, 0);

    private MultiInstanceLoadGenerator() {
        for (int port : ports) {
            clients.add(vertx.createHttpClient(new HttpClientOptions().setDefaultPort(port).setDefaultHost("127.0.0.1")
                    .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(writersPerInstance)));
        }
        sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(30_000)
                .setMaxConnections(100_000));
    }

    public static void main(String[] args) {
        try (PostgresActivity postgres = new PostgresActivity(System.getProperty("bench.jdbc"))) {
            new MultiInstanceLoadGenerator().run(postgres);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run(PostgresActivity postgres) throws Exception {
        createJobs();
        storeJobIds(postgres);
        int warmup = Integer.getInteger("bench.warmup");
        System.out.printf("%s %d writers (%d per instance), one job each; warming up %d s flat out%n", label,
                writers.size(), writersPerInstance, warmup);
        write(new Phase(warmup, ports.length, 0));
        measure(postgres, "alone", 0);
        connectSubscribers();
        double flatOut = measure(postgres, "watched", 0);
        double paced = Double.parseDouble(System.getProperty("bench.paced-rate", "0"));
        measure(postgres, "paced", paced > 0 ? paced : flatOut / 2);
        closeSubscribers();
        ceiling(postgres);
    }

    /**
     * One measured phase, PostgreSQL's statistics beside it: the writers flat out ({@code rate} 0), or each at its
     * share of {@code rate} edits per second in all; returns the event commits per second.
     */
    private double measure(PostgresActivity postgres, String name, double rate) throws Exception {
        Phase measured = new Phase(seconds, ports.length, rate == 0 ? 0 : (long) (1e9 * writers.size() / rate));
        postgres.start();
        double[] cpu = cpuSeconds();
        write(measured);
        double[] cpuAfter = cpuSeconds();
        PostgresActivity.Report pg = postgres.stop(seconds);
        long missing = subscribers.isEmpty() ? 0 : drain();
        long commits = 0;
        StringBuilder perInstance = new StringBuilder();
        for (int i = 0; i < ports.length; i++) {
            commits += measured.commits.get(i);
            perInstance.append(i == 0 ? "" : "/").append(Math.round(measured.commits.get(i) / (double) seconds));
        }
        System.out.printf("%s %s: %d writers %s, %d sockets: %.0f event commits/s (per instance %s), answer p50"
                        + " %.1f ms, p99 %.1f ms, %d errors%n", label, name, writers.size(),
                rate == 0 ? "flat out" : String.format("at %.0f edits/s in all", rate), subscribers.size(),
                commits / (double) seconds, perInstance, measured.answers.percentileMs(0.5),
                measured.answers.percentileMs(0.99), measured.errors.get());
        if (!subscribers.isEmpty()) {
            System.out.printf("%s %s: %d events delivered, commit->socket p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                            + " (on the writing instance p99 %.1f ms, on the others p99 %.1f ms); %d seq gaps,"
                            + " %d duplicates, %d events missing %d s after the last commit%n", label, name,
                    measured.delivered.get(), measured.delivery.percentileMs(0.5), measured.delivery.percentileMs(0.99),
                    measured.delivery.percentileMs(1.0), measured.local.percentileMs(0.99),
                    measured.remote.percentileMs(0.99), measured.gaps.get(), measured.duplicates.get(), missing,
                    DRAIN_SECONDS);
        }
        long edits = measured.edits.get();
        double serviceMs = 1000 * (cpuAfter[0] - cpu[0]) / edits;
        double postgresMs = 1000 * (cpuAfter[1] - cpu[1]) / edits;
        System.out.printf("%s %s: CPU per event commit: instances %.3f ms, PostgreSQL %.3f ms, this load generator"
                + " %.3f ms%n", label, name, serviceMs, postgresMs, 1000 * (cpuAfter[2] - cpu[2]) / edits);
        pg.lines().forEach(line -> System.out.println(label + " " + name + ": " + line));
        System.out.printf("RESULT instances=%d phase=%s writers=%d sockets=%d commits_per_s=%.0f per_instance=%s"
                        + " answer_p50_ms=%.1f answer_p99_ms=%.1f errors=%d delivered=%d delivery_p99_ms=%.1f"
                        + " remote_p99_ms=%.1f gaps=%d duplicates=%d missing=%d cpu_service_ms=%.3f cpu_pg_ms=%.3f"
                        + " offered_per_s=%.0f %s%n", ports.length, name, writers.size(), subscribers.size(), commits / (double) seconds, perInstance,
                measured.answers.percentileMs(0.5), measured.answers.percentileMs(0.99), measured.errors.get(),
                measured.delivered.get(), measured.delivery.percentileMs(0.99), measured.remote.percentileMs(0.99),
                measured.gaps.get(), measured.duplicates.get(), missing, serviceMs, postgresMs, rate, pg.fields());
        return commits / (double) seconds;
    }

    /**
     * pgbench with the same transaction, one client per writer on the writer's job, for as long as a phase, with the
     * instances paused ({@code SIGSTOP}) so that they take no CPU; its transactions' latencies come from its log.
     */
    private void ceiling(PostgresActivity postgres) throws Exception {
        Path logs = Files.createTempDirectory("pgbench-log");
        List<String> command = new ArrayList<>(Arrays.asList(System.getProperty("bench.pgbench").split(" ")));
        command.addAll(List.of("-c", Integer.toString(writers.size()), "-T", Integer.toString(seconds), "-l",
                "--log-prefix=" + logs.resolve("tx")));
        signal("-STOP");
        double[] cpu = cpuSeconds();
        postgres.start();
        Process pgbench = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(pgbench.getInputStream().readAllBytes());
        int exit = pgbench.waitFor();
        PostgresActivity.Report pg = postgres.stop(seconds);
        double[] cpuAfter = cpuSeconds();
        signal("-CONT");
        Matcher tps = Pattern.compile("(?m)^tps = ([0-9.]+)").matcher(output);
        if (exit != 0 || !tps.find()) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        LatencyHistogram latency = new LatencyHistogram();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    latency.record(Long.parseLong(line.split(" ")[2]));
                }
                Files.delete(file);
            }
        }
        Files.delete(logs);
        double transactions = Double.parseDouble(tps.group(1)) * seconds;
        double postgresMs = 1000 * (cpuAfter[1] - cpu[1]) / transactions;
        System.out.printf("%s pgbench: %d clients, the same transaction: %.0f tps, latency p50 %.1f ms, p99 %.1f ms;"
                        + " CPU per transaction: PostgreSQL %.3f ms, pgbench %.3f ms%n", label, writers.size(),
                Double.parseDouble(tps.group(1)), latency.percentileMs(0.5), latency.percentileMs(0.99), postgresMs,
                1000 * (cpuAfter[3] - cpu[3]) / transactions);
        pg.lines().forEach(line -> System.out.println(label + " pgbench: " + line));
        System.out.printf("RESULT instances=%d phase=pgbench clients=%d tps=%s p50_ms=%.1f p99_ms=%.1f cpu_pg_ms=%.3f %s%n",
                ports.length, writers.size(), tps.group(1), latency.percentileMs(0.5), latency.percentileMs(0.99),
                postgresMs, pg.fields());
    }

    private void signal(String signal) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        Arrays.stream(pids).forEach(pid -> command.add(Long.toString(pid)));
        if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("cannot " + String.join(" ", command));
        }
    }

    /** CPU seconds so far of the instances together, PostgreSQL, this process and its ended children (pgbench). */
    private double[] cpuSeconds() {
        double instances = 0;
        for (long pid : pids) {
            instances += ProcessTreeCpu.seconds(pid);
        }
        double self = ProcessTreeCpu.seconds(ProcessHandle.current().pid());
        return new double[] {instances, ProcessTreeCpu.seconds(postmaster), self, ProcessTreeCpu.reapedChildren()};
    }

    /** Runs every writer until the phase ends and waits for their last answers. */
    private void write(Phase next) throws InterruptedException {
        phase = next;
        CountDownLatch done = new CountDownLatch(writers.size());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(next.seconds);
        long now = System.nanoTime();
        for (int i = 0; i < writers.size(); i++) {
            writers.get(i).loop(next, end, done, now + i * next.intervalNanos / writers.size());
        }
        if (!done.await(next.seconds + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("writers still waiting for answers 60 s after the phase");
        }
    }

    /** Waits until every socket has its job's last event, at most {@link #DRAIN_SECONDS}; returns the events missing. */
    private long drain() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        long missing;
        do {
            missing = 0;
            for (Subscriber subscriber : subscribers) {
                missing += Math.max(0, subscriber.writer.lastSeq - subscriber.last);
            }
            if (missing > 0) {
                Thread.sleep(50);
            }
        } while (missing > 0 && System.nanoTime() < deadline);
        return missing;
    }

    private void closeSubscribers() throws InterruptedException {
        subscribers.forEach(Subscriber::close);
        subscribers.clear();
        Thread.sleep(1000);
    }

    private void createJobs() throws Exception {
        for (int instance = 0; instance < ports.length; instance++) {
            for (int w = 0; w < writersPerInstance; w++) {
                String token = token("bench-writer-" + UUID.randomUUID());
                Buffer body = await(clients.get(instance).request(new RequestOptions().setMethod(HttpMethod.POST)
                                .setURI("/api/jobs").putHeader("Authorization", "Bearer " + token)
                                .putHeader("Content-Type", "application/json"))
                        .compose(request -> request.send("{\"source_url\":\"https://example.com/bench.mp4\"}"))
                        .compose(response -> response.body()));
                writers.add(new Writer(new JsonObject(body).getString("job_id"), token, instance));
            }
        }
    }

    private void storeJobIds(PostgresActivity postgres) throws SQLException {
        try (Statement statement = postgres.connection().createStatement()) {
            statement.execute("drop table if exists bench_job_ids");
            statement.execute("create table bench_job_ids (n integer primary key, id uuid not null)");
            statement.execute("grant select on bench_job_ids to public");
        }
        try (PreparedStatement insert = postgres.connection().prepareStatement("insert into bench_job_ids values (?, ?)")) {
            for (int n = 0; n < writers.size(); n++) {
                insert.setInt(1, n);
                insert.setObject(2, UUID.fromString(writers.get(n).jobId));
                insert.executeUpdate();
            }
        }
    }

    /** Opens {@code subscribersPerJob} sockets per job on every instance and waits for each one's snapshot. */
    private void connectSubscribers() throws Exception {
        CountDownLatch ready = new CountDownLatch(ports.length * writers.size() * subscribersPerJob);
        for (int instance = 0; instance < ports.length; instance++) {
            for (Writer writer : writers) {
                for (int s = 0; s < subscribersPerJob; s++) {
                    Subscriber subscriber = new Subscriber(writer, instance);
                    subscribers.add(subscriber);
                    subscriber.connect(ready);
                }
            }
        }
        if (!ready.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(ready.getCount() + " sockets got no snapshot within 120 s");
        }
        System.out.printf("%s %d sockets subscribed, %d per job on each instance%n", label, subscribers.size(),
                subscribersPerJob);
    }

    private String token(String subject) {
        return Jwt.subject(subject).issuer(ISSUER).audience("authenticated").groups(Set.of("authenticated"))
                .expiresIn(4 * 3600).signWithSecret(secret);
    }

    private static int[] numbers(String property) {
        return Arrays.stream(System.getProperty(property).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** What one phase measured, written from the client's event loops. */
    private static final class Phase {
        final int seconds;
        /** Time between one writer's edits; 0: flat out, each edit as soon as the previous one is answered. */
        final long intervalNanos;
        final AtomicLongArray commits;
        final AtomicLong errors = new AtomicLong();
        /** Edits answered with success, within the phase or just after it: what the CPU is divided by. */
        final AtomicLong edits = new AtomicLong();
        final LatencyHistogram answers = new LatencyHistogram();
        final LatencyHistogram delivery = new LatencyHistogram();
        final LatencyHistogram local = new LatencyHistogram();
        final LatencyHistogram remote = new LatencyHistogram();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong gaps = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();

        Phase(int seconds, int instances, long intervalNanos) {
            this.seconds = seconds;
            this.intervalNanos = intervalNanos;
            this.commits = new AtomicLongArray(Math.max(1, instances));
        }
    }

    /** Edits one job's title through one instance, one edit at a time. */
    private final class Writer {
        final String jobId;
        final String token;
        final int instance;
        /** The job's seq after this writer's last answered edit: the last event every socket of the job must get. */
        volatile long lastSeq;

        Writer(String jobId, String token, int instance) {
            this.jobId = jobId;
            this.token = token;
            this.instance = instance;
        }

        /** Sends the next edit at {@code due} (at once when that has passed) or ends the writer's part of the phase. */
        void loop(Phase measured, long end, CountDownLatch done, long due) {
            long start = System.nanoTime();
            if (start >= end) {
                done.countDown();
                return;
            }
            if (due - start >= 1_000_000) {
                vertx.setTimer((due - start) / 1_000_000, id -> loop(measured, end, done, due));
                return;
            }
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.PATCH)
                    .setURI("/api/jobs/" + jobId + "/metadata").putHeader("Authorization", "Bearer " + token)
                    .putHeader("Content-Type", "application/json");
            clients.get(instance).request(options)
                    .compose(request -> request.send("{\"TITLE\":\"bench " + start + "\"}")
                            .compose(response -> response.body().map(body -> response.statusCode() == 200 ? body : null)))
                    .onComplete(result -> {
                        long answered = System.nanoTime();
                        measured.answers.record((answered - start) / 1000);
                        String body = result.succeeded() ? result.result() == null ? null : result.result().toString() : null;
                        if (body == null) {
                            measured.errors.incrementAndGet();
                        } else {
                            lastSeq = Math.max(lastSeq, numberAfter(body, "\"last_seq\":"));
                            measured.edits.incrementAndGet();
                            if (answered <= end) {
                                measured.commits.incrementAndGet(instance);
                            }
                        }
                        loop(measured, end, done, Math.max(due + measured.intervalNanos, answered));
                    });
        }
    }

    /** One socket on one instance, subscribed to one writer's job; it checks that the job's events arrive in order. */
    private final class Subscriber {
        final Writer writer;
        final int instance;
        /** The last seq received: the snapshot's, then each event's. */
        volatile long last = -1;
        private ClientWebSocket ws;

        Subscriber(Writer writer, int instance) {
            this.writer = writer;
            this.instance = instance;
        }

        void close() {
            ws.close();
        }

        void connect(CountDownLatch ready) {
            ws = sockets.webSocket();
            String subscribe = "{\"action\":\"subscribe\",\"job_ids\":[\"" + writer.jobId + "\"]}";
            ws.textMessageHandler(text -> {
                if (text.contains("\"snapshot\":true")) {
                    if (last < 0) {
                        ready.countDown();
                    }
                    last = Math.max(last, numberAfter(text, "\"seq\":"));
                } else if (text.startsWith("{\"type\":\"METADATA_UPDATE\"")) {
                    received(text);
                } else if (text.startsWith("{\"type\":\"HEARTBEAT\"")) {
                    ws.writeTextMessage("{\"action\":\"heartbeat\"}");
                } else if (text.startsWith("{\"type\":\"CONNECTION_ACK\"")) {
                    ws.writeTextMessage(subscribe);
                }
            });
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(ports[instance])
                    .setURI("/ws").addHeader("Authorization", "Bearer " + writer.token);
            WebSocketConnect.connect(vertx, ws, options).onFailure(failure -> {
                throw new IllegalStateException("socket to instance " + instance + " failed", failure);
            });
        }

        private void received(String text) {
            Instant now = Instant.now();
            int at = text.indexOf("\"timestamp\":\"") + 13;
            Instant committed = Instant.parse(text.substring(at, text.indexOf('"', at)));
            long micros = (now.getEpochSecond() - committed.getEpochSecond()) * 1_000_000
                    + (now.getNano() - committed.getNano()) / 1000;
            Phase measured = phase;
            measured.delivery.record(micros);
            (instance == writer.instance ? measured.local : measured.remote).record(micros);
            measured.delivered.incrementAndGet();
            long seq = numberAfter(text, "\"seq\":");
            if (seq <= last) {
                measured.duplicates.incrementAndGet();
            } else {
                if (seq != last + 1) {
                    measured.gaps.addAndGet(seq - last - 1);
                }
                last = seq;
            }
        }
    }

    private static long numberAfter(String text, String key) {
        int from = text.indexOf(key) + key.length();
        int to = from;
        while (to < text.length() && Character.isDigit(text.charAt(to))) {
            to++;
        }
        return Long.parseLong(text.substring(from, to));
    }
}
