package io.videojobs.bulk;

import static io.videojobs.concurrent.DaemonThreads.named;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.config.BulkConfig;
import io.videojobs.config.EngineConfig;
import io.videojobs.error.ErrorCode;
import io.videojobs.error.ServiceException;
import io.videojobs.job.JobRemoval;
import io.videojobs.job.JobService;
import io.videojobs.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs bulk actions, on any instance. An instance takes a bulk under a lease, then works through its items in
 * batches: each job is changed by the same service call as its single-job endpoint, in its own short transaction
 * (a few at a time), and after each batch the outcomes are written and the lease renewed. No transaction spans a
 * batch. When an instance stops, its lease expires and another instance goes on from the first item without an
 * outcome; the batch it was in may then run twice, which leaves those jobs as they are and reports them SKIPPED.
 * Calls wait on this class's own threads, never on an event loop.
 */
@ApplicationScoped
public class BulkRunner {

    private static final Logger LOG = Logger.getLogger(BulkRunner.class);
    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(30);

    /** The oldest runnable bulk: never taken, or its lease expired. */
    private static final String CLAIM = """
            UPDATE bulk_actions SET lease_owner = $1, lease_expires_at = now() + $2::bigint * interval '1 millisecond'
             WHERE id = (SELECT id FROM bulk_actions
                          WHERE status = 'RUNNING' AND (lease_expires_at IS NULL OR lease_expires_at < now())
                          ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, owner_id, admin, action""";
    private static final String NEXT_BATCH = """
            SELECT position, job_id FROM bulk_action_items
             WHERE bulk_id = $1 AND outcome IS NULL ORDER BY position LIMIT $2""";
    /** Writes a batch's outcomes and renews the lease, only while this instance still holds it. */
    private static final String RECORD_BATCH = """
            WITH held AS (
                UPDATE bulk_actions SET lease_expires_at = now() + $3::bigint * interval '1 millisecond'
                 WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING'
                RETURNING id
            )
            UPDATE bulk_action_items i SET outcome = u.outcome, reason = u.reason
              FROM held, unnest($4::integer[], $5::varchar[], $6::text[]) AS u (position, outcome, reason)
             WHERE i.bulk_id = held.id AND i.position = u.position
            RETURNING i.position""";
    private static final String STILL_HELD = """
            SELECT 1 FROM bulk_actions WHERE id = $1 AND lease_owner = $2 AND status = 'RUNNING'""";
    private static final String FINISH = """
            UPDATE bulk_actions SET status = 'COMPLETED', finished_at = now(), lease_owner = NULL,
                                    lease_expires_at = NULL
             WHERE id = $1 AND lease_owner = $2""";
    /** At shutdown: another instance may take the bulk at once instead of after the lease. */
    private static final String RELEASE = """
            UPDATE bulk_actions SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1""";

    private final Pool pool;
    private final BulkConfig config;
    private final JobService jobs;
    private final JobRemoval removal;
    private final String instanceId;
    private final ExecutorService workers;
    private final ExecutorService driver;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean stopping;

    public BulkRunner(Pool pool, BulkConfig config, EngineConfig engine, JobService jobs, JobRemoval removal) {
        this.pool = pool;
        this.config = config;
        this.jobs = jobs;
        this.removal = removal;
        this.instanceId = engine.instanceId().orElse("instance-" + UUID.randomUUID()) + "/bulk";
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.concurrency()), named("video-jobs-bulk"));
        this.driver = Executors.newSingleThreadExecutor(named("video-jobs-bulk-driver"));
    }

    @Scheduled(every = "${video-jobs.bulk.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        runAvailable();
    }

    /** A bulk was just accepted here: start on it now rather than at the next tick. */
    void wake() {
        if (config.enabled() && !stopping && !busy.get()) {
            driver.execute(this::runAvailable);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        driver.shutdownNow();
        workers.shutdownNow();
        try {
            pool.preparedQuery(RELEASE).execute(Tuple.of(instanceId)).await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("Could not release the bulk leases at shutdown; they expire on their own", e);
        }
    }

    /** Runs bulks until none is left to take; one caller at a time. */
    private void runAvailable() {
        if (!config.enabled() || stopping || !busy.compareAndSet(false, true)) {
            return;
        }
        try {
            Claimed bulk;
            while (!stopping && (bulk = claim()) != null) {
                run(bulk);
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                LOG.warn("Bulk actions paused until the next tick", e);
            }
        } finally {
            busy.set(false);
        }
    }

    private Claimed claim() {
        Row row = first(await(pool.preparedQuery(CLAIM)
                .execute(Tuple.of(instanceId, config.leaseDuration().toMillis()))));
        return row == null ? null : new Claimed(row.getUUID("id"), new Caller(row.getString("owner_id"),
                row.getBoolean("admin")), BulkAction.valueOf(row.getString("action")));
    }

    private void run(Claimed bulk) {
        while (!stopping) {
            List<Item> batch = new ArrayList<>();
            for (Row row : await(pool.preparedQuery(NEXT_BATCH).execute(Tuple.of(bulk.id(), config.batchSize())))) {
                batch.add(new Item(row.getInteger("position"), row.getUUID("job_id")));
            }
            if (batch.isEmpty()) {
                await(pool.preparedQuery(FINISH).execute(Tuple.of(bulk.id(), instanceId)));
                return;
            }
            if (first(await(pool.preparedQuery(STILL_HELD).execute(Tuple.of(bulk.id(), instanceId)))) == null) {
                return; // taken over after this instance's lease expired
            }
            List<ItemResult> results = apply(bulk, batch);
            Integer[] positions = batch.stream().map(Item::position).toArray(Integer[]::new);
            String[] outcomes = results.stream().map(result -> result.outcome().name()).toArray(String[]::new);
            String[] reasons = results.stream().map(ItemResult::reason).toArray(String[]::new);
            int written = await(pool.preparedQuery(RECORD_BATCH).execute(Tuple.of(bulk.id(), instanceId,
                    config.leaseDuration().toMillis()).addArrayOfInteger(positions).addArrayOfString(outcomes)
                    .addArrayOfString(reasons))).rowCount();
            if (written == 0) {
                return;
            }
        }
    }

    /** The batch's jobs, a few at a time on the worker threads; results in the batch's order. */
    private List<ItemResult> apply(Claimed bulk, List<Item> batch) {
        List<Future<ItemResult>> pending = new ArrayList<>(batch.size());
        for (Item item : batch) {
            pending.add(workers.submit(() -> applyOne(bulk, item.jobId())));
        }
        List<ItemResult> results = new ArrayList<>(batch.size());
        for (Future<ItemResult> result : pending) {
            try {
                results.add(result.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running a bulk", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return results;
    }

    private ItemResult applyOne(Claimed bulk, UUID jobId) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> change(bulk, jobId));
            return new ItemResult(jobId, ItemOutcome.DONE, null);
        } catch (ServiceException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return new ItemResult(jobId, ItemOutcome.SKIPPED, "Job not found");
            }
            if (e.code() == ErrorCode.CONFLICT) {
                return new ItemResult(jobId, ItemOutcome.SKIPPED, e.getMessage());
            }
            return new ItemResult(jobId, ItemOutcome.FAILED, e.getMessage());
        } catch (Throwable e) {
            LOG.warnf(e, "Bulk %s could not %s job %s", bulk.id(), bulk.action(), jobId);
            return new ItemResult(jobId, ItemOutcome.FAILED, "The service could not change the job; try again");
        }
    }

    private Uni<Void> change(Claimed bulk, UUID jobId) {
        return switch (bulk.action()) {
            case RETRY -> jobs.retry(bulk.caller(), jobId).replaceWithVoid();
            case CANCEL -> jobs.cancel(bulk.caller(), jobId).replaceWithVoid();
            case DELETE -> removal.delete(bulk.caller(), jobId);
        };
    }

    private static <T> T await(Uni<T> call) {
        return call.await().atMost(DATABASE_TIMEOUT);
    }

    private static Row first(Iterable<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? iterator.next() : null;
    }

    private record Claimed(UUID id, Caller caller, BulkAction action) {
    }

    private record Item(int position, UUID jobId) {
    }
}
