package io.videojobs.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.job.Job;
import io.videojobs.job.JobStage;
import io.videojobs.job.JobStatus;
import io.videojobs.job.NewJobWriter;
import io.videojobs.job.StageId;
import io.videojobs.job.StageStatus;
import io.videojobs.job.event.JobEventLog;
import io.videojobs.support.JobApi;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox trigger and the claim, on the real database with no delivery worker running (so every delivery stays
 * where the SQL put it): which events become deliveries, whatever the size of the batch that wrote them, and which
 * deliveries a claim takes (the limits per endpoint and in all, due order, leases, SKIP LOCKED).
 */
@QuarkusTest
@TestProfile(WebhookOutboxAndClaimTest.NoDeliveryWorkers.class)
class WebhookOutboxAndClaimTest {

    /** Webhooks are not delivered by this instance: the tests call the claim themselves. */
    public static class NoDeliveryWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("video-jobs.webhooks.enabled", "false");
        }
    }

    private static final String[] EVERY_TYPE = {"job.completed", "job.failed", "job.cancelled", "job.updated",
            "job.stage.updated", "job.metadata.updated", "job.thumbnail.generated"};
    private static final OffsetDateTime LONG_AGO = OffsetDateTime.of(2001, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    WebhookStore store;

    @Inject
    NewJobWriter newJobs;

    @Inject
    JobEventLog eventLog;

    @BeforeEach
    void noEndpoints() {
        run(pool, "DELETE FROM webhook_endpoints", Tuple.tuple());
    }

    // --- the outbox ---

    @Test
    void aBatchOfEventsBecomesDeliveriesOnlyForOwnersWithAnEnabledEndpointSubscribedToTheirType() {
        UUID all = endpoint("owner-all", EVERY_TYPE, true);
        UUID completedOnly = endpoint("owner-completed", new String[] {"job.completed"}, true);
        endpoint("owner-disabled", EVERY_TYPE, false);
        List<UUID> jobs = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<String> owners = List.of("owner-all", "owner-completed", "owner-disabled", "owner-without-endpoint");

        pool.withTransaction(connection -> insertJobs(connection, jobs, owners)
                .chain(() -> insertEvents(connection, jobs.stream().flatMap(job -> lifecycle(job).stream()).toList())))
                .await().atMost(WAIT);

        assertEquals(Set.of("job.updated:1", "job.stage.updated:2", "job.thumbnail.generated:3", "job.updated:4",
                "job.completed:4"), deliveries(all, jobs.get(0)));
        assertEquals(Set.of("job.completed:4"), deliveries(completedOnly, jobs.get(1)));
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE job_id = ANY ($1)",
                Tuple.of(new UUID[] {jobs.get(2), jobs.get(3)})), "no delivery for a disabled endpoint or none");

        JsonNode stage = payload(all, "job.stage.updated");
        assertEquals(List.of("type", "timestamp", "data"), fieldNames(stage), "the body's fields in the documented order");
        assertEquals("THUMBNAIL_GENERATION", stage.path("data").path("stage").path("stage_id").asText());
        assertEquals(40, stage.path("data").path("stage").path("progress_percent").asInt());
        JsonNode thumbnail = payload(all, "job.thumbnail.generated").path("data").path("thumbnail");
        assertEquals(320, thumbnail.path("width").asInt());
        assertEquals(2.5, thumbnail.path("timestamp_seconds").asDouble());
        JsonNode completed = payload(all, "job.completed").path("data");
        assertEquals("COMPLETED", completed.path("status").asText());
        assertEquals(100, completed.path("progress_percent").asInt());
        assertEquals(jobs.get(0).toString(), completed.path("job_id").asText());
    }

    @Test
    void loneEventsAndBigBatchesOnOneConnectionAllWriteTheirDeliveries() {
        // PL/pgSQL plans the trigger's statements once per connection, for the size of the first batch it sees
        UUID subscribed = endpoint("owner-subscribed", EVERY_TYPE, true);
        endpoint("owner-other", EVERY_TYPE, true);
        List<UUID> big = IntStream.range(0, 200).mapToObj(i -> UUID.randomUUID()).toList();
        List<String> owners = IntStream.range(0, 200).mapToObj(i -> i % 2 == 0 ? "owner-subscribed" : "owner-none").toList();
        UUID loneSubscribed = UUID.randomUUID();
        UUID loneUnsubscribed = UUID.randomUUID();

        pool.withConnection(connection -> insertJobs(connection, List.of(loneUnsubscribed), List.of("owner-none"))
                .chain(() -> insertEvents(connection, List.of(event(loneUnsubscribed, 1, "JOB_UPDATE", "{\"status\":\"PENDING\"}"))))
                .chain(() -> insertJobs(connection, big, owners))
                .chain(() -> insertEvents(connection, big.stream().map(job -> event(job, 1, "JOB_UPDATE",
                        "{\"status\":\"PENDING\",\"progress_percent\":0}")).toList()))
                .chain(() -> insertJobs(connection, List.of(loneSubscribed), List.of("owner-subscribed")))
                .chain(() -> insertEvents(connection, List.of(event(loneSubscribed, 1, "JOB_UPDATE", "{\"status\":\"PENDING\"}")))))
                .await().atMost(WAIT);

        assertEquals(101, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", Tuple.of(subscribed)),
                "the 100 subscribed events of the batch and the lone one");
        assertEquals(101, count("SELECT count(*) FROM webhook_deliveries", Tuple.tuple()), "and nothing else");
    }

    @Test
    void aSubmissionWritesItsFirstEventsDeliveriesInItsOwnStatementAndTheTriggerSkipsThoseEvents() {
        UUID subscribed = endpoint("owner-submitting", EVERY_TYPE, true);
        UUID completedOnly = endpoint("owner-completed-only", new String[] {"job.completed"}, true);
        List<Job> jobs = List.of(job("owner-submitting"), job("owner-completed-only"), job("owner-none"),
                job("owner-submitting"));

        Uni.join().all(jobs.stream().map(this::submit).toList()).andFailFast().await().atMost(WAIT);

        assertEquals(Set.of("job.updated:1"), deliveries(subscribed, jobs.get(0).id));
        assertEquals(Set.of("job.updated:1"), deliveries(subscribed, jobs.get(3).id));
        assertEquals(2, count("SELECT count(*) FROM webhook_deliveries", Tuple.tuple()), "and nothing else");
        assertEquals(Set.of(), deliveries(completedOnly, jobs.get(1).id));
        JsonNode submitted = payload(subscribed, "job.updated");
        assertEquals(List.of("type", "timestamp", "data"), fieldNames(submitted), "the body the trigger would write");
        assertEquals("PENDING", submitted.path("data").path("status").asText());
        assertEquals(0, submitted.path("data").path("progress_percent").asInt());
        assertEquals(1, submitted.path("data").path("seq").asLong());
        assertEquals(4, count("SELECT count(*) FROM job_events WHERE job_id = ANY ($1) AND deliveries_written",
                Tuple.of(jobs.stream().map(job -> job.id).toArray(UUID[]::new))), "marked, so the trigger skipped them");

        Throwable duplicate = submit(jobs.get(0)).onItemOrFailure().transform((item, error) -> error)
                .await().atMost(WAIT);
        assertNotNull(duplicate, "a submission whose statement fails");
        assertEquals(2, count("SELECT count(*) FROM webhook_deliveries", Tuple.tuple()), "writes no delivery");
    }

    // --- the claim ---

    @Test
    void aClaimTakesAtMostEachEndpointsRoomEarliestDueFirstAndNothingLeasedNotDueOrOfADisabledEndpoint() {
        UUID a = endpoint("owner-a", EVERY_TYPE, true);
        UUID b = endpoint("owner-b", EVERY_TYPE, true);
        UUID disabled = endpoint("owner-c", EVERY_TYPE, false);
        List<Long> dueA = IntStream.range(0, 6).mapToObj(i -> delivery(a, LONG_AGO.plusSeconds(10 - i), null)).toList();
        List<Long> dueB = IntStream.range(0, 6).mapToObj(i -> delivery(b, LONG_AGO.plusSeconds(20 + i), null)).toList();
        long leasedB = delivery(b, LONG_AGO, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5));
        long expiredLeaseB = delivery(b, LONG_AGO.plusSeconds(1), OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));
        delivery(a, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1), null); // not due yet
        delivery(disabled, LONG_AGO, null);
        run(pool, "INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, payload, status, next_attempt_at, "
                + "created_at) VALUES ($1, 'msg_done', 'webhook.test', '{}', 'SUCCEEDED', $2, $2)", Tuple.of(a, LONG_AGO));

        List<WebhookStore.Claimed> claimed = claim("instance-1", Map.of(a, 1), 4, 100);

        // a has one in flight here, so room for 3: its 3 earliest due, which are its last 3 written
        assertEquals(List.of(dueA.get(3), dueA.get(4), dueA.get(5)), ids(claimed, a));
        assertEquals(List.of(dueB.get(0), dueB.get(1), dueB.get(2), expiredLeaseB), ids(claimed, b),
                "an expired lease is claimed again; the one in force is not");
        assertTrue(ids(claimed, disabled).isEmpty());
        assertTrue(claimed.stream().noneMatch(c -> c.id() == leasedB));

        List<WebhookStore.Claimed> next = claim("instance-1", Map.of(), 4, 100);
        assertEquals(List.of(dueA.get(0), dueA.get(1), dueA.get(2)), ids(next, a), "what the first claim leased is skipped");
        assertEquals(List.of(dueB.get(3), dueB.get(4), dueB.get(5)), ids(next, b));
        assertTrue(claim("instance-1", Map.of(), 4, 100).isEmpty());
    }

    @Test
    void theOverallLimitTakesTheEarliestDueAcrossEndpoints() {
        UUID a = endpoint("owner-a", EVERY_TYPE, true);
        UUID b = endpoint("owner-b", EVERY_TYPE, true);
        long a1 = delivery(a, LONG_AGO.plusSeconds(1), null);
        long b2 = delivery(b, LONG_AGO.plusSeconds(2), null);
        long a3 = delivery(a, LONG_AGO.plusSeconds(3), null);
        delivery(b, LONG_AGO.plusSeconds(4), null);
        delivery(a, LONG_AGO.plusSeconds(5), null);

        List<WebhookStore.Claimed> claimed = claim("instance-1", Map.of(), 4, 3);

        assertEquals(List.of(a1, b2, a3), claimed.stream().map(WebhookStore.Claimed::id).sorted().toList());
        assertEquals(3, count("SELECT count(*) FROM webhook_deliveries WHERE lease_owner = 'instance-1'", Tuple.tuple()));
    }

    @Test
    void twoInstancesClaimingAtOnceNeverTakeTheSameDelivery() {
        List<UUID> endpoints = IntStream.range(0, 20).mapToObj(i -> endpoint("owner-" + i, EVERY_TYPE, true)).toList();
        endpoints.forEach(e -> IntStream.range(0, 5).forEach(i -> delivery(e, LONG_AGO.plusSeconds(i), null)));

        List<List<WebhookStore.Claimed>> both = Uni.join().all(
                        store.claim("instance-1", Map.of(), 4, 50, 60_000),
                        store.claim("instance-2", Map.of(), 4, 50, 60_000))
                .andFailFast().await().atMost(WAIT);
        List<Long> first = both.get(0).stream().map(WebhookStore.Claimed::id).toList();
        List<Long> second = both.get(1).stream().map(WebhookStore.Claimed::id).toList();
        Set<Long> overlap = new HashSet<>(first);
        overlap.retainAll(second);
        assertTrue(overlap.isEmpty(), "claimed by both: " + overlap);

        // what neither took is still there for the next claims, up to every due delivery, each once
        Set<Long> all = new HashSet<>(first);
        all.addAll(second);
        for (List<WebhookStore.Claimed> more = claim("instance-3", Map.of(), 4, 50); !more.isEmpty();
             more = claim("instance-3", Map.of(), 4, 50)) {
            more.forEach(c -> assertTrue(all.add(c.id()), "claimed twice: " + c.id()));
        }
        assertEquals(100, all.size());
    }

    // --- helpers ---

    private UUID endpoint(String owner, String[] types, boolean enabled) {
        UUID id = UUID.randomUUID();
        run(pool, """
                INSERT INTO webhook_endpoints (id, owner_id, url, event_types, enabled, secret, created_at, updated_at)
                VALUES ($1, $2, 'https://hooks.example.com/video-jobs', $3, $4, $5, now(), now())""",
                Tuple.of(id, owner, types, enabled, WebhookSigner.newSecret()));
        return id;
    }

    private long delivery(UUID endpoint, OffsetDateTime due, OffsetDateTime leaseExpiresAt) {
        return pool.preparedQuery("""
                        INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, payload, status,
                                                        next_attempt_at, lease_owner, lease_expires_at, created_at)
                        VALUES ($1, 'msg_' || gen_random_uuid(), 'webhook.test', '{"type":"webhook.test"}', 'PENDING',
                                $2, CASE WHEN $3::timestamptz IS NULL THEN NULL ELSE 'another-instance' END, $3, now())
                        RETURNING id""")
                .execute(Tuple.of(endpoint, due, leaseExpiresAt)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private List<WebhookStore.Claimed> claim(String instance, Map<UUID, Integer> inFlight, int perEndpoint, int limit) {
        return store.claim(instance, inFlight, perEndpoint, limit, 60_000).await().atMost(WAIT);
    }

    /** The ids an endpoint got, ascending (a claim answers in no particular order). */
    private static List<Long> ids(List<WebhookStore.Claimed> claimed, UUID endpoint) {
        return claimed.stream().filter(c -> c.endpointId().equals(endpoint)).map(WebhookStore.Claimed::id).sorted().toList();
    }

    /** A job's events in the shapes the engine writes them: submitted, a stage, a thumbnail, completed. */
    private static List<Event> lifecycle(UUID job) {
        return List.of(event(job, 1, "JOB_UPDATE", "{\"status\":\"PENDING\",\"progress_percent\":0}"),
                event(job, 2, "STAGE_UPDATE", "{\"stage_id\":\"THUMBNAIL_GENERATION\",\"status\":\"RUNNING\",\"progress_percent\":40}"),
                event(job, 3, "THUMBNAIL_GENERATED",
                        "{\"thumbnail_id\":\"t1\",\"width\":320,\"height\":180,\"timestamp_seconds\":2.5}"),
                event(job, 4, "JOB_UPDATE", "{\"status\":\"COMPLETED\",\"progress_percent\":100}"));
    }

    private static Job job(String owner) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.ownerId = owner;
        job.status = JobStatus.PENDING;
        job.sourceUrl = "https://videos.example.com/clip.mp4";
        job.optionsJson = "{}";
        job.createdAt = Instant.now();
        job.updatedAt = job.createdAt;
        return job;
    }

    /** Submits a job as JobService does: NewJobWriter writes it with one stage and its first event. */
    private Uni<Void> submit(Job job) {
        JobStage stage = new JobStage();
        stage.key = new JobStage.Key(job.id, StageId.METADATA_EXTRACTION);
        stage.position = StageId.METADATA_EXTRACTION.ordinal();
        stage.status = StageStatus.PENDING;
        stage.runnableAt = job.createdAt;
        return newJobs.insert(job, List.of(stage), eventLog.recordJobUpdate(job));
    }

    /** A job_events row; {@code data} is its payload's data object. */
    private record Event(UUID job, long seq, String type, String data) {
        String payload() {
            return "{\"type\":\"" + type + "\",\"job_id\":\"" + job + "\",\"data\":" + data + ",\"seq\":" + seq + "}";
        }
    }

    private static Event event(UUID job, long seq, String type, String data) {
        return new Event(job, seq, type, data);
    }

    private static Uni<Void> insertJobs(SqlClient connection, List<UUID> jobs, List<String> owners) {
        return connection.preparedQuery("""
                        INSERT INTO jobs (id, owner_id, status, created_at, updated_at, last_seq)
                        SELECT j.id, j.owner_id, 'PENDING', now(), now(), 1 FROM unnest($1::uuid[], $2::varchar[]) AS j (id, owner_id)""")
                .execute(Tuple.of(jobs.toArray(new UUID[0]), owners.toArray(new String[0]))).replaceWithVoid();
    }

    /** The events in one statement, as NewJobWriter and RunStore write theirs. */
    private static Uni<Void> insertEvents(SqlClient connection, List<Event> events) {
        return connection.preparedQuery("""
                        INSERT INTO job_events (job_id, seq, type, payload, created_at)
                        SELECT e.job_id, e.seq, e.type, e.payload, now()
                          FROM unnest($1::uuid[], $2::bigint[], $3::varchar[], $4::text[]) AS e (job_id, seq, type, payload)""")
                .execute(Tuple.of(events.stream().map(Event::job).toArray(UUID[]::new),
                        events.stream().map(Event::seq).toArray(Long[]::new),
                        events.stream().map(Event::type).toArray(String[]::new),
                        events.stream().map(Event::payload).toArray(String[]::new)))
                .replaceWithVoid();
    }

    private Set<String> deliveries(UUID endpoint, UUID job) {
        List<String> rows = new ArrayList<>();
        pool.preparedQuery("SELECT event_type, seq FROM webhook_deliveries WHERE endpoint_id = $1 AND job_id = $2")
                .execute(Tuple.of(endpoint, job)).await().atMost(WAIT)
                .forEach(row -> rows.add(row.getString(0) + ":" + row.getLong(1)));
        assertEquals(rows.size(), new HashSet<>(rows).size(), "each message once: " + rows);
        return new HashSet<>(rows);
    }

    private JsonNode payload(UUID endpoint, String type) {
        Row row = pool.preparedQuery("SELECT payload FROM webhook_deliveries WHERE endpoint_id = $1 AND event_type = $2")
                .execute(Tuple.of(endpoint, type)).await().atMost(WAIT).iterator().next();
        return JobApi.parseJson(row.getString(0));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private long count(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static void run(Pool pool, String sql, Tuple arguments) {
        pool.preparedQuery(sql).execute(arguments).await().atMost(WAIT);
    }
}
