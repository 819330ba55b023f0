package io.videojobs.job;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.job.event.JobEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Writes submitted jobs, each with its stages and its first event, for the hottest write path
 * ({@code POST /api/jobs}). One SQL statement writes a whole batch and commits it atomically (a single statement
 * is its own transaction). A submission is written at once while fewer than {@value #MAX_IN_FLIGHT} statements
 * run; otherwise it waits for the next statement, which takes every submission waiting then (up to
 * {@value #MAX_BATCH}). So a lone submission costs one round trip, and under load one statement and one commit
 * serve many submissions instead of queueing one commit each for a connection. A submission with an
 * {@code Idempotency-Key} is written alone, so that a duplicate key fails its own request only. The same statement
 * writes the webhook deliveries of the first events (the outbox, {@code webhook_outbox_rows} of V11) and marks
 * those events as done, so that the event log's outbox trigger skips them: a submission of an owner without a
 * subscribed endpoint costs one index probe, not a trigger.
 */
@ApplicationScoped
public class NewJobWriter {

    /**
     * Kept under Vert.x's default prepared-statement cache limit for SQL text (2,048 characters,
     * {@code preparedStatementCacheSqlLimit}), so that the hottest statement stays cached even with that default (the
     * service raises it: {@code video-jobs.database.cached-statement-max-length}): a longer statement is prepared and
     * planned anew on every execution, which halved the REST benchmark's POST throughput when V11 made it 2,159
     * characters long.
     */
    static final int MAX_CACHED_SQL_LENGTH = 2048;

    /** Statements writing submissions at the same time; more only queue for the database's two cores. */
    private static final int MAX_IN_FLIGHT = 4;
    private static final int MAX_BATCH = 64;

    static final String INSERT = """
            WITH job AS (
                INSERT INTO jobs (id, owner_id, status, progress_percent, source_url, options_json, idempotency_key,
                                  request_hash, media_key, source_name, last_seq, created_at, updated_at)
                SELECT j.id, j.owner_id, j.status, 0, j.source_url, j.options_json, j.idempotency_key, j.request_hash,
                       j.media_key, j.source_name, j.last_seq, j.created_at, j.updated_at
                  FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::text[], $6::varchar[],
                              $7::varchar[], $8::varchar[], $9::varchar[], $10::bigint[], $11::timestamptz[],
                              $12::timestamptz[])
                       AS j (id, owner_id, status, source_url, options_json, idempotency_key, request_hash, media_key,
                             source_name, last_seq, created_at, updated_at)
            ), stages AS (
                INSERT INTO job_stages (job_id, stage_id, position, status, progress_percent, runnable_at)
                SELECT s.job_id, s.stage_id, s.position, 'PENDING', 0, s.runnable_at
                  FROM unnest($13::uuid[], $14::varchar[], $15::integer[], $21::timestamptz[])
                       AS s (job_id, stage_id, position, runnable_at)
            ), deliveries AS (
              INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, job_id, seq, payload, status,
                next_attempt_at, created_at)
              SELECT o.endpoint_id, o.message_id, o.webhook_event_type, e.id, e.seq, o.payload, 'PENDING', now(), now()
                FROM unnest($16::uuid[], $17::bigint[], $18::varchar[], $19::text[], $20::timestamptz[])
                  AS e (id, seq, type, body, at)
                JOIN unnest($1::uuid[], $2::varchar[], $3::varchar[]) AS j (id, owner, status) ON j.id = e.id,
                LATERAL webhook_outbox_rows(j.owner, e.id, e.seq, e.type, e.body, e.at, j.status, 0) o
            )
            INSERT INTO job_events (job_id, seq, type, payload, created_at, deliveries_written)
            SELECT e.job_id, e.seq, e.type, e.payload, e.created_at, true
              FROM unnest($16::uuid[], $17::bigint[], $18::varchar[], $19::text[], $20::timestamptz[])
                   AS e (job_id, seq, type, payload, created_at)
            """;

    /** A job to write, and whom to tell (on the caller's Vert.x context) once it is committed or has failed. */
    private record Submission(Job job, List<JobStage> stages, JobEvent firstEvent, Context context,
                              UniEmitter<? super Void> emitter) {

        void done(Throwable failure) {
            Runnable tell = failure == null ? () -> emitter.complete(null) : () -> emitter.fail(failure);
            if (context == null) {
                tell.run();
            } else {
                context.runOnContext(ignored -> tell.run());
            }
        }
    }

    private final Pool pool;
    private final Queue<Submission> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    public NewJobWriter(Pool pool) {
        this.pool = pool;
    }

    /** Inserts the job with the stages and the event it was built with; fails with SQL state 23505 on a duplicate key. */
    public Uni<Void> insert(Job job, List<JobStage> stages, JobEvent firstEvent) {
        return Uni.createFrom().emitter(emitter -> {
            Submission submission = new Submission(job, stages, firstEvent, Vertx.currentContext(), emitter);
            if (job.idempotencyKey != null) {
                write(List.of(submission), false);
            } else {
                waiting.add(submission);
                writeWaiting();
            }
        });
    }

    /** Starts statements for the waiting submissions while fewer than {@link #MAX_IN_FLIGHT} run. */
    private void writeWaiting() {
        while (!waiting.isEmpty()) {
            int running = inFlight.get();
            if (running >= MAX_IN_FLIGHT) {
                return; // the end of a running statement calls this again
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Submission> batch = new ArrayList<>();
            for (Submission next; batch.size() < MAX_BATCH && (next = waiting.poll()) != null; ) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
            } else {
                write(batch, true);
            }
        }
    }

    private void write(List<Submission> batch, boolean counted) {
        try {
            pool.preparedQuery(INSERT).execute(params(batch)).subscribe().with(
                    rows -> ended(batch, counted, null),
                    failure -> ended(batch, counted, failure));
        } catch (RuntimeException e) {
            ended(batch, counted, e);
        }
    }

    private static Tuple params(List<Submission> batch) {
        List<JobStage> stages = new ArrayList<>();
        batch.forEach(submission -> stages.addAll(submission.stages()));
        Tuple params = Tuple.tuple()
                .addArrayOfUUID(jobs(batch, job -> job.id).toArray(UUID[]::new))
                .addArrayOfString(jobs(batch, job -> job.ownerId).toArray(String[]::new))
                .addArrayOfString(jobs(batch, job -> job.status.name()).toArray(String[]::new))
                .addArrayOfString(jobs(batch, job -> job.sourceUrl).toArray(String[]::new))
                .addArrayOfString(jobs(batch, job -> job.optionsJson).toArray(String[]::new))
                .addArrayOfString(jobs(batch, job -> job.idempotencyKey).toArray(String[]::new))
                .addArrayOfString(jobs(batch, job -> job.requestHash).toArray(String[]::new))
                .addArrayOfString(jobs(batch, job -> job.mediaKey).toArray(String[]::new))
                .addArrayOfString(jobs(batch, job -> job.sourceName).toArray(String[]::new))
                .addArrayOfLong(jobs(batch, job -> job.lastSeq).toArray(Long[]::new))
                .addArrayOfOffsetDateTime(jobs(batch, job -> utc(job.createdAt)).toArray(OffsetDateTime[]::new))
                .addArrayOfOffsetDateTime(jobs(batch, job -> utc(job.updatedAt)).toArray(OffsetDateTime[]::new))
                .addArrayOfUUID(stages.stream().map(stage -> stage.key.jobId()).toArray(UUID[]::new))
                .addArrayOfString(stages.stream().map(stage -> stage.stageId().name()).toArray(String[]::new))
                .addArrayOfInteger(stages.stream().map(stage -> stage.position).toArray(Integer[]::new))
                .addArrayOfUUID(events(batch, event -> event.jobId).toArray(UUID[]::new))
                .addArrayOfLong(events(batch, event -> event.seq).toArray(Long[]::new))
                .addArrayOfString(events(batch, event -> event.type.name()).toArray(String[]::new))
                .addArrayOfString(events(batch, event -> event.payload).toArray(String[]::new))
                .addArrayOfOffsetDateTime(events(batch, event -> utc(event.createdAt)).toArray(OffsetDateTime[]::new))
                .addArrayOfOffsetDateTime(stages.stream().map(stage -> stage.runnableAt == null ? null : utc(stage.runnableAt))
                        .toArray(OffsetDateTime[]::new));
        return params;
    }

    private void ended(List<Submission> batch, boolean counted, Throwable failure) {
        if (counted) {
            inFlight.decrementAndGet();
            writeWaiting();
        }
        batch.forEach(submission -> submission.done(failure));
    }

    private static <T> List<T> jobs(List<Submission> batch, Function<Job, T> column) {
        return batch.stream().map(submission -> column.apply(submission.job())).toList();
    }

    private static <T> List<T> events(List<Submission> batch, Function<JobEvent, T> column) {
        return batch.stream().map(submission -> column.apply(submission.firstEvent())).toList();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
