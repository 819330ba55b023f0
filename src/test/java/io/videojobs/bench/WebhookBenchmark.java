package io.videojobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.realtime.JobChangeNotifier;
import io.videojobs.support.HttpReceiver;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery throughput and latency: {@code bench.jobs} jobs (1,000) complete, each in its own transaction
 * that writes the job's COMPLETED event exactly as the engine's {@code RunStore} does (one statement, the outbox
 * trigger filling the delivery) and then reports it to the real {@link JobChangeNotifier}, as the engine's writes
 * do; one endpoint subscribed to {@code job.completed} receives them on loopback and answers 204 at once. Prints the
 * deliveries per second (first commit to last arrival) and the p50, p99 and maximum from each event's commit to
 * its arrival at the receiver. Production timings (no shrunk schedule); the engine stays off so that ffmpeg takes no
 * CPU. Not part of the default run: {@code ./mvnw -B test -Dtest=WebhookBenchmark [-Dbench.jobs=1000 -Dbench.concurrency=16]}.
 */
@QuarkusTest
@TestProfile(WebhookBenchmark.Profile.class)
class WebhookBenchmark {

    /** Loopback receivers allowed; everything else as in production. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("video-jobs.webhooks.allowed-hosts", "127.0.0.1");
        }
    }

    private static final int JOBS = Integer.getInteger("bench.jobs", 1000);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);

    @Inject
    Pool pool;

    @Inject
    JobChangeNotifier notifier;

    @Test
    void deliveriesPerSecondAndCommitToReceiverLatency() throws Exception {
        Map<String, Instant> arrived = new ConcurrentHashMap<>();
        try (HttpReceiver receiver = HttpReceiver.start(request -> {
            arrived.putIfAbsent(JobApi.parseJson(request.bodyText()).path("data").path("job_id").asText(), Instant.now());
            return HttpReceiver.Answer.status(204);
        })) {
            JobApi owner = JobApi.as(TestTokens.user("webhook-bench-" + UUID.randomUUID()));
            owner.request().body(Map.of("url", receiver.url("/bench"), "event_types", List.of("job.completed")))
                    .post("/api/webhooks").then().statusCode(201);
            String ownerId = owner.request().get("/api/webhooks").then().extract().path("items[0].owner_id");
            List<UUID> jobs = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                jobs.add(UUID.randomUUID());
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            pool.preparedQuery("""
                            INSERT INTO jobs (id, owner_id, status, progress_percent, last_seq, created_at, updated_at)
                            SELECT id, $2, 'PROCESSING', 50, 1, $3, $3 FROM unnest($1::uuid[]) AS id""")
                    .execute(Tuple.of(jobs.toArray(new UUID[0]), ownerId, now)).await().atMost(Duration.ofMinutes(1));

            Map<String, Instant> committed = new ConcurrentHashMap<>();
            Instant start = Instant.now();
            Multi.createFrom().iterable(jobs)
                    .onItem().transformToUni(id -> pool.preparedQuery("""
                                    WITH job AS (
                                        UPDATE jobs SET status = 'COMPLETED', progress_percent = 100, last_seq = 2,
                                                        updated_at = $2, finished_at = $2
                                         WHERE id = $1 RETURNING id
                                    )
                                    INSERT INTO job_events (job_id, seq, type, payload, created_at)
                                    SELECT id, 2, 'JOB_UPDATE', $3, $2 FROM job""")
                            .execute(Tuple.of(id, OffsetDateTime.now(ZoneOffset.UTC), "{\"type\":\"JOB_UPDATE\",\"job_id\":\""
                                    + id + "\",\"data\":{\"status\":\"COMPLETED\",\"progress_percent\":100},\"seq\":2}"))
                            .invoke(() -> {
                                committed.put(id.toString(), Instant.now());
                                notifier.jobsChanged(List.of(id));
                            }))
                    .merge(CONCURRENCY)
                    .collect().last().await().atMost(Duration.ofMinutes(10));
            Instant written = Instant.now();

            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (arrived.size() < JOBS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(JOBS, arrived.size(), "every completion was delivered");
            List<Long> latencies = new ArrayList<>();
            committed.forEach((id, at) -> latencies.add(Duration.between(at, arrived.get(id)).toMillis()));
            Collections.sort(latencies);
            Instant last = Collections.max(arrived.values());
            double seconds = Duration.between(start, last).toMillis() / 1000.0;
            System.out.printf(Locale.ROOT, "webhook benchmark: %d jobs completed in %.2f s (%d concurrent writers); "
                            + "%d deliveries in %.2f s = %.1f deliveries/s; commit to receiver: p50 %d ms, p99 %d ms, "
                            + "max %d ms%n", JOBS, Duration.between(start, written).toMillis() / 1000.0, CONCURRENCY,
                    JOBS, seconds, JOBS / seconds, percentile(latencies, 0.50), percentile(latencies, 0.99),
                    latencies.get(latencies.size() - 1));
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
