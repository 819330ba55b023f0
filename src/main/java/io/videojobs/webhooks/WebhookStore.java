package io.videojobs.webhooks;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.UUID;

/**
 * The SQL of webhooks, on the reactive client: endpoints, deliveries and their attempts, claiming due deliveries
 * with {@code SKIP LOCKED} under a lease, and recording an attempt's outcome. Every method is one statement, so
 * each is its own transaction. The claim and the record commit without waiting for the WAL flush
 * ({@code synchronous_commit} off for their transaction, set inside the statement): a database crash may lose the
 * last fraction of a second of them, and then a delivery is only sent again, with the same {@code webhook-id},
 * which at-least-once delivery allows; the deliveries themselves are written with their events, durably.
 */
@ApplicationScoped
class WebhookStore {

    private static final String ENDPOINT_COLUMNS = """
            id, owner_id, url, description, event_types, enabled, disabled_reason, secret, previous_secret,
            previous_secret_expires_at, failing_since, created_at, updated_at""";
    private static final String DELIVERY_COLUMNS = """
            id, endpoint_id, message_id, event_type, job_id, seq, payload, status, attempts, next_attempt_at,
            last_status_code, last_error, created_at, finished_at""";

    /**
     * Due deliveries of enabled endpoints, at most {@code $4 - in flight here} per endpoint and {@code $5} in all,
     * earliest due first, locked with SKIP LOCKED so that instances never claim the same one, and leased to
     * {@code $1} for {@code $6} ms. It reads, per endpoint that has pending deliveries, only the first few of them
     * (a loose scan of webhook_deliveries_pending_idx finds those endpoints, one probe each), so its cost follows
     * the endpoints at work and not the backlog (V8 ranked every due delivery: 66-110 ms with 25,000 pending).
     */
    private static final String CLAIM = """
            WITH RECURSIVE async AS (
                SELECT set_config('synchronous_commit', 'off', true)
            ), pending (endpoint_id) AS (
                (SELECT endpoint_id FROM webhook_deliveries WHERE status = 'PENDING' ORDER BY endpoint_id LIMIT 1)
                UNION ALL
                SELECT (SELECT d.endpoint_id FROM webhook_deliveries d
                         WHERE d.status = 'PENDING' AND d.endpoint_id > p.endpoint_id ORDER BY d.endpoint_id LIMIT 1)
                  FROM pending p
                 WHERE p.endpoint_id IS NOT NULL
            ), inflight AS (
                SELECT * FROM unnest($2::uuid[], $3::int[]) AS f (endpoint_id, n)
            ), candidates AS (
                SELECT c.id
                  FROM pending p
                  LEFT JOIN inflight f ON f.endpoint_id = p.endpoint_id
                 CROSS JOIN LATERAL (
                     SELECT d.id, d.next_attempt_at FROM webhook_deliveries d
                      WHERE d.endpoint_id = p.endpoint_id AND d.status = 'PENDING' AND d.next_attempt_at <= now()
                        AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())
                      ORDER BY d.next_attempt_at, d.id
                      LIMIT greatest($4::int - coalesce(f.n, 0), 0)
                 ) c
                 WHERE (SELECT w.enabled FROM webhook_endpoints w WHERE w.id = p.endpoint_id)
                 ORDER BY c.next_attempt_at, c.id
                 LIMIT $5::int
            ), claimed AS (
                SELECT d.id FROM webhook_deliveries d JOIN candidates c ON c.id = d.id
                 WHERE d.status = 'PENDING' AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())
                   FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE webhook_deliveries d
               SET lease_owner = $1, lease_expires_at = now() + $6::bigint * interval '1 millisecond'
              FROM claimed, webhook_endpoints w, async
             WHERE d.id = claimed.id AND w.id = d.endpoint_id
            RETURNING d.id, d.endpoint_id, d.message_id, d.event_type, d.job_id, d.seq, d.payload, d.attempts,
                      w.url, w.secret, w.previous_secret, w.previous_secret_expires_at""";

    /**
     * An attempt's outcome, if this instance still holds the lease: the attempt row, the delivery's new state, and
     * the endpoint's failure streak; the endpoint is disabled when it answered 410 ($11) or has failed since before
     * {@code $12}. The endpoint's row is written only when that changes it (a streak starts or ends, or it is
     * disabled): rewriting it after every delivery made a new version of a row that every outbox insert locks
     * (FOR KEY SHARE, the foreign key), thousands of times a second under load.
     */
    private static final String RECORD = """
            WITH async AS (
                SELECT set_config('synchronous_commit', 'off', true)
            ), delivery AS (
                UPDATE webhook_deliveries
                   SET status = $8, attempts = attempts + 1, next_attempt_at = coalesce($9, next_attempt_at),
                       lease_owner = NULL, lease_expires_at = NULL, last_status_code = $5, last_error = $6,
                       finished_at = CASE WHEN $8 = 'PENDING' THEN NULL ELSE $3 END
                 WHERE id = $1 AND lease_owner = $2
                RETURNING id, endpoint_id
            ), attempt AS (
                INSERT INTO webhook_attempts (delivery_id, attempted_at, duration_ms, status_code, error, response_body)
                SELECT id, $3, $4, $5, $6, $7 FROM delivery
            ), endpoint AS (
                UPDATE webhook_endpoints w
                   SET failing_since = CASE WHEN $10 THEN NULL ELSE coalesce(w.failing_since, $3) END,
                       enabled = w.enabled AND NOT $11 AND ($10 OR coalesce(w.failing_since, $3) >= $12),
                       disabled_reason = CASE WHEN NOT w.enabled THEN w.disabled_reason
                                              WHEN $11 THEN 'GONE'
                                              WHEN NOT $10 AND coalesce(w.failing_since, $3) < $12 THEN 'FAILING'
                                              ELSE NULL END,
                       updated_at = CASE WHEN w.enabled AND ($11 OR (NOT $10 AND coalesce(w.failing_since, $3) < $12))
                                         THEN $3 ELSE w.updated_at END
                  FROM delivery
                 WHERE w.id = delivery.endpoint_id
                   AND CASE WHEN $10 THEN w.failing_since IS NOT NULL
                            ELSE w.failing_since IS NULL OR (w.enabled AND ($11 OR w.failing_since < $12)) END
                RETURNING w.enabled
            )
            SELECT coalesce((SELECT enabled FROM endpoint), true) AS enabled FROM delivery, async""";

    private final Pool pool;

    WebhookStore(Pool pool) {
        this.pool = pool;
    }

    // --- endpoints ---

    Uni<WebhookEndpoint> insertEndpoint(WebhookEndpoint e) {
        return pool.preparedQuery("""
                        INSERT INTO webhook_endpoints (id, owner_id, url, description, event_types, enabled, secret,
                                                       created_at, updated_at)
                        VALUES ($1, $2, $3, $4, $5, true, $6, $7, $7)
                        RETURNING %s""".formatted(ENDPOINT_COLUMNS))
                .execute(Tuple.from(Arrays.asList(e.id(), e.ownerId(), e.url(), e.description(),
                        e.eventTypes().toArray(new String[0]), e.secret(), utc(e.createdAt()))))
                .map(rows -> endpoint(rows.iterator().next()));
    }

    Uni<Boolean> anyEnabledEndpoint() {
        return pool.query("SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled)").execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    Uni<Long> countEndpoints(String ownerId) {
        return pool.preparedQuery("SELECT count(*) FROM webhook_endpoints WHERE owner_id = $1")
                .execute(Tuple.of(ownerId)).map(rows -> rows.iterator().next().getLong(0));
    }

    Uni<Optional<WebhookEndpoint>> endpoint(UUID id) {
        return pool.preparedQuery("SELECT %s FROM webhook_endpoints WHERE id = $1".formatted(ENDPOINT_COLUMNS))
                .execute(Tuple.of(id)).map(rows -> first(rows).map(WebhookStore::endpoint));
    }

    /** Endpoints newest first, of one owner or (owner null) of everyone, after the cursor's (created_at, id). */
    Uni<List<WebhookEndpoint>> endpoints(String ownerId, Instant afterCreatedAt, UUID afterId, int limit) {
        return pool.preparedQuery("""
                        SELECT %s FROM webhook_endpoints
                         WHERE ($1::varchar IS NULL OR owner_id = $1)
                           AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
                         ORDER BY created_at DESC, id DESC
                         LIMIT $4::int""".formatted(ENDPOINT_COLUMNS))
                .execute(Tuple.from(Arrays.asList(ownerId, utc(afterCreatedAt), afterId, limit)))
                .map(rows -> list(rows, WebhookStore::endpoint));
    }

    /** Sets the given fields (null leaves one as it is); enabling clears the failure streak and the reason. */
    Uni<Optional<WebhookEndpoint>> updateEndpoint(UUID id, String url, String description, List<String> eventTypes,
                                                  Boolean enabled, Instant now) {
        return pool.preparedQuery("""
                        UPDATE webhook_endpoints
                           SET url = coalesce($2, url), description = coalesce($3, description),
                               event_types = coalesce($4, event_types),
                               enabled = coalesce($5, enabled),
                               disabled_reason = CASE WHEN $5 IS NULL THEN disabled_reason
                                                      WHEN $5 THEN NULL ELSE 'USER' END,
                               failing_since = CASE WHEN $5 THEN NULL ELSE failing_since END,
                               updated_at = $6
                         WHERE id = $1
                        RETURNING %s""".formatted(ENDPOINT_COLUMNS))
                .execute(Tuple.from(Arrays.asList(id, url, description,
                        eventTypes == null ? null : eventTypes.toArray(new String[0]), enabled, utc(now))))
                .map(rows -> first(rows).map(WebhookStore::endpoint));
    }

    Uni<Boolean> deleteEndpoint(UUID id) {
        return pool.preparedQuery("DELETE FROM webhook_endpoints WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** A new secret; the current one keeps signing until {@code previousExpiresAt} (null: not at all). */
    Uni<Optional<WebhookEndpoint>> rotateSecret(UUID id, String secret, Instant previousExpiresAt, Instant now) {
        return pool.preparedQuery("""
                        UPDATE webhook_endpoints
                           SET previous_secret = CASE WHEN $3::timestamptz IS NULL THEN NULL ELSE secret END,
                               previous_secret_expires_at = $3, secret = $2, updated_at = $4
                         WHERE id = $1
                        RETURNING %s""".formatted(ENDPOINT_COLUMNS))
                .execute(Tuple.from(Arrays.asList(id, secret, utc(previousExpiresAt), utc(now))))
                .map(rows -> first(rows).map(WebhookStore::endpoint));
    }

    // --- deliveries ---

    /** A delivery written directly (the test event), due now. */
    Uni<WebhookDelivery> insertDelivery(UUID endpointId, String messageId, String eventType, String payload, Instant now) {
        return pool.preparedQuery("""
                        INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, payload, status,
                                                        next_attempt_at, created_at)
                        VALUES ($1, $2, $3, $4, 'PENDING', $5, $5)
                        RETURNING %s""".formatted(DELIVERY_COLUMNS))
                .execute(Tuple.from(Arrays.asList(endpointId, messageId, eventType, payload, utc(now))))
                .map(rows -> delivery(rows.iterator().next()));
    }

    /** An endpoint's deliveries newest first, optionally of one status, with ids below {@code beforeId}. */
    Uni<List<WebhookDelivery>> deliveries(UUID endpointId, String status, Long beforeId, int limit) {
        return pool.preparedQuery("""
                        SELECT %s FROM webhook_deliveries
                         WHERE endpoint_id = $1 AND ($2::varchar IS NULL OR status = $2)
                           AND ($3::bigint IS NULL OR id < $3)
                         ORDER BY id DESC
                         LIMIT $4::int""".formatted(DELIVERY_COLUMNS))
                .execute(Tuple.from(Arrays.asList(endpointId, status, beforeId, limit)))
                .map(rows -> list(rows, WebhookStore::delivery));
    }

    Uni<Optional<WebhookDelivery>> delivery(UUID endpointId, long deliveryId) {
        return pool.preparedQuery("SELECT %s FROM webhook_deliveries WHERE endpoint_id = $1 AND id = $2"
                        .formatted(DELIVERY_COLUMNS))
                .execute(Tuple.of(endpointId, deliveryId)).map(rows -> first(rows).map(WebhookStore::delivery));
    }

    Uni<List<WebhookAttempt>> attempts(long deliveryId) {
        return pool.preparedQuery("""
                        SELECT attempted_at, duration_ms, status_code, error, response_body
                          FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id""")
                .execute(Tuple.of(deliveryId))
                .map(rows -> list(rows, row -> new WebhookAttempt(instant(row, "attempted_at"),
                        row.getInteger("duration_ms"), row.getInteger("status_code"), row.getString("error"),
                        row.getString("response_body"))));
    }

    /** Sends a delivery again from the start of the schedule, whatever its state (a lease in force is kept). */
    Uni<Optional<WebhookDelivery>> redeliver(UUID endpointId, long deliveryId, Instant now) {
        return pool.preparedQuery("""
                        UPDATE webhook_deliveries
                           SET status = 'PENDING', attempts = 0, next_attempt_at = $3, finished_at = NULL
                         WHERE endpoint_id = $1 AND id = $2
                        RETURNING %s""".formatted(DELIVERY_COLUMNS))
                .execute(Tuple.of(endpointId, deliveryId, utc(now))).map(rows -> first(rows).map(WebhookStore::delivery));
    }

    /** Requeues an endpoint's FAILED deliveries created since {@code since}; answers how many. */
    Uni<Integer> recover(UUID endpointId, Instant since, Instant now) {
        return pool.preparedQuery("""
                        UPDATE webhook_deliveries
                           SET status = 'PENDING', attempts = 0, next_attempt_at = $3, finished_at = NULL
                         WHERE endpoint_id = $1 AND status = 'FAILED' AND created_at >= $2""")
                .execute(Tuple.of(endpointId, utc(since), utc(now))).map(RowSet::rowCount);
    }

    // --- delivery workers ---

    /** A claimed delivery with what sending it needs from its endpoint. */
    record Claimed(long id, UUID endpointId, String messageId, String eventType, UUID jobId, Long seq, String payload,
                   int attempts, String url, String secret, String previousSecret, Instant previousSecretExpiresAt) {

        List<String> signingSecrets(Instant now) {
            return previousSecret != null && previousSecretExpiresAt != null && previousSecretExpiresAt.isAfter(now)
                    ? List.of(secret, previousSecret) : List.of(secret);
        }
    }

    Uni<List<Claimed>> claim(String leaseOwner, Map<UUID, Integer> inFlight, int perEndpoint, int limit, long leaseMillis) {
        List<UUID> endpoints = new ArrayList<>(inFlight.keySet());
        Integer[] counts = endpoints.stream().map(inFlight::get).toArray(Integer[]::new);
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.from(List.of(leaseOwner, endpoints.toArray(new UUID[0]), counts, perEndpoint, limit,
                        leaseMillis)))
                .map(rows -> list(rows, row -> new Claimed(row.getLong("id"), row.getUUID("endpoint_id"),
                        row.getString("message_id"), row.getString("event_type"), row.getUUID("job_id"),
                        row.getLong("seq"), row.getString("payload"), row.getInteger("attempts"),
                        row.getString("url"), row.getString("secret"), row.getString("previous_secret"),
                        instant(row, "previous_secret_expires_at"))));
    }

    /**
     * Records an attempt and the delivery's new state ({@code nextAttemptAt} when it stays PENDING) if
     * {@code leaseOwner} still holds it; answers false when this attempt wrote the endpoint's row and left it
     * disabled (it disabled the endpoint, or began a streak on a disabled one), true otherwise, or empty when the
     * lease was lost (another instance took the delivery over).
     */
    Uni<Optional<Boolean>> record(long deliveryId, String leaseOwner, Instant attemptedAt, int durationMs,
                                  Integer statusCode, String error, String responseBody, String status,
                                  Instant nextAttemptAt, boolean succeeded, boolean gone, Instant failingBefore) {
        return pool.preparedQuery(RECORD)
                .execute(Tuple.from(Arrays.asList(deliveryId, leaseOwner, utc(attemptedAt), durationMs, statusCode,
                        error, responseBody, status, utc(nextAttemptAt), succeeded, gone, utc(failingBefore))))
                .map(rows -> first(rows).map(row -> row.getBoolean("enabled")));
    }

    // --- rows ---

    private static WebhookEndpoint endpoint(Row row) {
        return new WebhookEndpoint(row.getUUID("id"), row.getString("owner_id"), row.getString("url"),
                row.getString("description"), List.of(row.getArrayOfStrings("event_types")), row.getBoolean("enabled"),
                row.getString("disabled_reason"), row.getString("secret"), row.getString("previous_secret"),
                instant(row, "previous_secret_expires_at"), instant(row, "failing_since"), instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static WebhookDelivery delivery(Row row) {
        return new WebhookDelivery(row.getLong("id"), row.getUUID("endpoint_id"), row.getString("message_id"),
                row.getString("event_type"), row.getUUID("job_id"), row.getLong("seq"), row.getString("payload"),
                row.getString("status"), row.getInteger("attempts"), instant(row, "next_attempt_at"),
                row.getInteger("last_status_code"), row.getString("last_error"), instant(row, "created_at"),
                instant(row, "finished_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> items = new ArrayList<>();
        for (Row row : rows) {
            items.add(mapper.apply(row));
        }
        return items;
    }
}
