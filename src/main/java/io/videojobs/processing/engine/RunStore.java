package io.videojobs.processing.engine;

import static io.videojobs.job.Timestamps.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.job.Job;
import io.videojobs.job.JobRows;
import io.videojobs.job.JobStage;
import io.videojobs.job.JobThumbnail;
import io.videojobs.job.MetadataType;
import io.videojobs.job.PipelinedTransaction;
import io.videojobs.job.StageId;
import io.videojobs.job.StageStatus;
import io.videojobs.job.event.JobEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The SQL behind {@link RunRecorder}, on the reactive client without an ORM: the engine writes to a job a few
 * dozen times per run (stage starts and ends, progress, thumbnails), and a transaction here is a lock, a read of
 * the job with its stages and one write statement, where a Hibernate session cost several times the CPU.
 */
@ApplicationScoped
class RunStore {

    /** A job locked for the transaction, with its stages: one row per stage, the job's columns on each. */
    private static final String LOCKED_WITH_STAGES = """
            WITH locked AS (%s)
            SELECT j.id, j.owner_id, j.status, j.progress_percent, j.error_message, j.last_seq, j.updated_at,
                   j.started_at, j.finished_at, j.lease_owner, j.lease_expires_at, j.attempts, j.next_attempt_at,
                   j.media_key,
                   s.stage_id, s.position, s.status AS stage_status, s.progress_percent AS stage_progress_percent,
                   s.error_message AS stage_error_message, s.started_at AS stage_started_at,
                   s.finished_at AS stage_finished_at, s.runnable_at AS stage_runnable_at,
                   s.attempts AS stage_attempts, s.cpu_seconds AS stage_cpu_seconds
              FROM locked JOIN jobs j ON j.id = locked.id
              LEFT JOIN job_stages s ON s.job_id = j.id
             ORDER BY s.position""";

    private static final String LOCK = LOCKED_WITH_STAGES.formatted("SELECT id FROM jobs WHERE id = $1 FOR UPDATE");

    /** Runnable: PENDING and due, or PROCESSING with an expired lease. */
    private static final String RUNNABLE = """
            (status = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= $1))
                OR (status = 'PROCESSING' AND (lease_expires_at IS NULL OR lease_expires_at < $1))""";

    /** The oldest runnable job. */
    private static final String CLAIM = LOCKED_WITH_STAGES.formatted("""
            SELECT id FROM jobs
             WHERE %s
             ORDER BY created_at
             LIMIT 1
               FOR UPDATE SKIP LOCKED""".formatted(RUNNABLE));

    private static final String ANY_RUNNABLE = "SELECT EXISTS (SELECT 1 FROM jobs WHERE %s)".formatted(RUNNABLE);

    private static final String WRITE = """
            WITH job AS (
                UPDATE jobs SET status = $2, progress_percent = $3, error_message = $4, last_seq = $5, updated_at = $6,
                                started_at = $7, finished_at = $8, lease_owner = $9, lease_expires_at = $10,
                                attempts = $11, next_attempt_at = $12, media_key = $13,
                                media_info_json = COALESCE($14, media_info_json)
                 WHERE id = $1
            ), stages AS (
                UPDATE job_stages s
                   SET status = u.status, progress_percent = u.progress_percent, error_message = u.error_message,
                       started_at = u.started_at, finished_at = u.finished_at, runnable_at = u.runnable_at,
                       attempts = u.attempts, cpu_seconds = u.cpu_seconds
                  FROM unnest($15::varchar[], $16::varchar[], $17::integer[], $18::text[], $19::timestamptz[],
                              $20::timestamptz[], $25::timestamptz[], $26::integer[], $27::float8[])
                       AS u (stage_id, status, progress_percent, error_message, started_at, finished_at, runnable_at,
                             attempts, cpu_seconds)
                 WHERE s.job_id = $1 AND s.stage_id = u.stage_id
            )
            INSERT INTO job_events (job_id, seq, type, payload, created_at)
            SELECT $1, e.seq, e.type, e.payload, e.created_at
              FROM unnest($21::bigint[], $22::varchar[], $23::text[], $24::timestamptz[]) AS e (seq, type, payload, created_at)
            """;

    private static final String INSERT_THUMBNAIL = """
            INSERT INTO job_thumbnails (id, job_id, position, width, height, timestamp_seconds, storage_key, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (job_id, position) DO NOTHING""";

    /** An engine result never replaces an item the owner edited. */
    private static final String STORE_METADATA = """
            INSERT INTO job_metadata (job_id, metadata_type, content_json, edited_by_user, updated_at)
            VALUES ($1, $2, $3, false, $4)
            ON CONFLICT (job_id, metadata_type) DO UPDATE SET content_json = excluded.content_json,
                                                              updated_at = excluded.updated_at
             WHERE NOT job_metadata.edited_by_user""";

    private final Pool pool;

    RunStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * One transaction on a job in two round trips ({@link PipelinedTransaction}): {@code lock} goes out with BEGIN,
     * the write-back of the job, its changed stages and its events with COMMIT. A null state (nothing locked) is
     * handed to {@code change} and nothing is written back.
     */
    <T> Uni<T> transaction(Function<SqlConnection, Uni<RunState>> lock,
                           BiFunction<SqlConnection, RunState, Uni<T>> change) {
        return PipelinedTransaction.run(pool, lock, change,
                (connection, state) -> state == null ? Uni.createFrom().voidItem() : write(connection, state));
    }

    /** The job, locked for this transaction, with its stages; null when it no longer exists. */
    Uni<RunState> lock(SqlConnection connection, UUID jobId) {
        return connection.preparedQuery(LOCK).execute(Tuple.of(jobId)).map(RunStore::state);
    }

    /** The oldest runnable job, locked for this transaction and skipped by concurrent claims; null when none is. */
    Uni<RunState> lockNextRunnable(SqlConnection connection, Instant now) {
        return connection.preparedQuery(CLAIM).execute(Tuple.of(utc(now))).map(RunStore::state);
    }

    /**
     * Whether any job is runnable, without a transaction: most claim ticks find none, and this answers them in one
     * statement where a claim takes three.
     */
    Uni<Boolean> anyRunnable(Instant now) {
        return pool.preparedQuery(ANY_RUNNABLE).execute(Tuple.of(utc(now)))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Inserts a thumbnail unless its position is taken; whether it was inserted. */
    Uni<Boolean> insertThumbnail(SqlConnection connection, JobThumbnail thumbnail) {
        Tuple params = Tuple.of(thumbnail.id, thumbnail.jobId, thumbnail.position, thumbnail.width, thumbnail.height)
                .addDouble(thumbnail.timestampSeconds)
                .addString(thumbnail.storageKey)
                .addOffsetDateTime(utc(thumbnail.createdAt));
        return connection.preparedQuery(INSERT_THUMBNAIL).execute(params).map(rows -> rows.rowCount() == 1);
    }

    /** Stores an engine result unless the owner edited that item; whether it was stored. */
    Uni<Boolean> storeMetadata(SqlConnection connection, UUID jobId, MetadataType type, String contentJson, Instant at) {
        return connection.preparedQuery(STORE_METADATA).execute(Tuple.of(jobId, type.name(), contentJson, utc(at)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Writes back the job, its changed stages and its new events. The probe result is not read with the lock
     * (it is a few kilobytes, and the engine never reads it back): it is written only when the transaction set it.
     */
    private Uni<Void> write(SqlConnection connection, RunState state) {
        Job job = state.job();
        Collection<JobStage> stages = state.changedStages();
        List<JobEvent> events = state.events();
        Tuple params = Tuple.of(job.id, job.status.name(), job.progressPercent)
                .addString(job.errorMessage)
                .addLong(job.lastSeq)
                .addOffsetDateTime(utc(job.updatedAt))
                .addOffsetDateTime(utc(job.startedAt))
                .addOffsetDateTime(utc(job.finishedAt))
                .addString(job.leaseOwner)
                .addOffsetDateTime(utc(job.leaseExpiresAt))
                .addInteger(job.attempts)
                .addOffsetDateTime(utc(job.nextAttemptAt))
                .addString(job.mediaKey)
                .addString(job.mediaInfoJson)
                .addArrayOfString(stages.stream().map(stage -> stage.stageId().name()).toArray(String[]::new))
                .addArrayOfString(stages.stream().map(stage -> stage.status.name()).toArray(String[]::new))
                .addArrayOfInteger(stages.stream().map(stage -> stage.progressPercent).toArray(Integer[]::new))
                .addArrayOfString(stages.stream().map(stage -> stage.errorMessage).toArray(String[]::new))
                .addArrayOfOffsetDateTime(stages.stream().map(stage -> utc(stage.startedAt)).toArray(OffsetDateTime[]::new))
                .addArrayOfOffsetDateTime(stages.stream().map(stage -> utc(stage.finishedAt)).toArray(OffsetDateTime[]::new))
                .addArrayOfLong(events.stream().map(event -> event.seq).toArray(Long[]::new))
                .addArrayOfString(events.stream().map(event -> event.type.name()).toArray(String[]::new))
                .addArrayOfString(events.stream().map(event -> event.payload).toArray(String[]::new))
                .addArrayOfOffsetDateTime(events.stream().map(event -> utc(event.createdAt)).toArray(OffsetDateTime[]::new))
                .addArrayOfOffsetDateTime(stages.stream().map(stage -> utc(stage.runnableAt)).toArray(OffsetDateTime[]::new))
                .addArrayOfInteger(stages.stream().map(stage -> stage.attempts).toArray(Integer[]::new))
                .addArrayOfDouble(stages.stream().map(stage -> stage.cpuSeconds).toArray(Double[]::new));
        return connection.preparedQuery(WRITE).execute(params).replaceWithVoid();
    }

    private static RunState state(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Job job = null;
        List<JobStage> stages = new ArrayList<>();
        for (Row row : rows) {
            if (job == null) {
                job = JobRows.job(row);
            }
            if (row.getString("stage_id") != null) {
                stages.add(stage(job.id, row));
            }
        }
        return new RunState(job, stages);
    }

    private static JobStage stage(UUID jobId, Row row) {
        JobStage stage = new JobStage();
        stage.key = new JobStage.Key(jobId, StageId.valueOf(row.getString("stage_id")));
        stage.position = row.getInteger("position");
        stage.status = StageStatus.valueOf(row.getString("stage_status"));
        stage.progressPercent = row.getInteger("stage_progress_percent");
        stage.errorMessage = row.getString("stage_error_message");
        stage.startedAt = JobRows.instant(row, "stage_started_at");
        stage.finishedAt = JobRows.instant(row, "stage_finished_at");
        stage.runnableAt = JobRows.instant(row, "stage_runnable_at");
        stage.attempts = row.getInteger("stage_attempts");
        stage.cpuSeconds = row.getDouble("stage_cpu_seconds");
        return stage;
    }
}
