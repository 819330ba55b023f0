package io.videojobs.realtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.videojobs.config.RealtimeConfig;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Delivers logged job events to this instance's subscriptions. The event log is the only source: a
 * wake-up (local commit, NOTIFY from another instance, reconnect or sweep) only marks a job dirty; one
 * batched query then reads, per dirty job, the events after the lowest cursor of its live subscriptions.
 * Each subscription takes an event only when its seq is exactly the next one, so nothing is skipped or
 * sent twice even when wake-ups are lost or duplicated. Fan-out writes each connection only from that
 * connection's event loop, in one task per event loop and batch. One batch is in flight at a time, from its log
 * read to the last of its writes: what is committed meanwhile stays in the log and goes out in the next batch, so
 * when writers outrun the sockets the backlog waits in the log, not in the event loops' task queues, where it
 * would delay every socket and request on them (issue 27: flat-out p99 several times the bare server's).
 */
@ApplicationScoped
public class JobFanOut {

    private static final Logger LOG = Logger.getLogger(JobFanOut.class);

    private static final String EVENTS_AFTER = """
            select e.job_id, e.seq, e.payload
            from unnest($1::uuid[], $2::bigint[]) as c(job_id, after_seq)
            cross join lateral (
                select job_id, seq, payload from job_events
                where job_id = c.job_id and seq > c.after_seq
                order by seq limit $3) e""";

    private static final String LAST_SEQS = "select id, last_seq from jobs where id = any($1)";

    private final ConcurrentMap<UUID, Set<Subscription>> feeds = new ConcurrentHashMap<>();
    private final Set<UUID> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean batchRunning = new AtomicBoolean();
    private final Pool pool;
    private final Vertx vertx;
    private final RealtimeConfig config;
    private long sweepTimer = -1;

    public JobFanOut(RealtimeDatabase database, Vertx vertx, RealtimeConfig config) {
        this.pool = database.pool();
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        sweepTimer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweep().subscribe().with(
                done -> { }, failure -> LOG.warnf("Safety sweep failed: %s", failure.getMessage())));
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(sweepTimer);
    }

    /** Adds a subscription; it receives events once it goes live and its job is woken. */
    void register(Subscription subscription) {
        feeds.compute(subscription.jobId(), (id, subs) -> {
            Set<Subscription> feed = subs == null ? ConcurrentHashMap.newKeySet() : subs;
            feed.add(subscription);
            return feed;
        });
    }

    void unregister(Subscription subscription) {
        subscription.end();
        feeds.computeIfPresent(subscription.jobId(), (id, subs) -> {
            subs.remove(subscription);
            return subs.isEmpty() ? null : subs;
        });
    }

    /** Number of subscriptions on this instance. */
    int subscriptionCount() {
        int count = 0;
        for (Set<Subscription> subs : feeds.values()) {
            count += subs.size();
        }
        return count;
    }

    /** Marks jobs as changed; those with subscriptions here are read from the log in the next batch. */
    public void wake(Collection<UUID> jobIds) {
        boolean any = false;
        for (UUID jobId : jobIds) {
            if (feeds.containsKey(jobId)) {
                dirty.add(jobId);
                any = true;
            }
        }
        if (any) {
            runBatch();
        }
    }

    /**
     * Compares every subscribed job's {@code last_seq} with what was delivered and wakes those behind.
     * Runs periodically and whenever the listener (re)connects, since notifications can be lost.
     */
    public Uni<Void> sweep() {
        List<UUID> jobIds = new ArrayList<>(feeds.keySet());
        if (jobIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(LAST_SEQS).execute(Tuple.of(jobIds.toArray(new UUID[0]))).map(rows -> {
            List<UUID> behind = new ArrayList<>();
            for (Row row : rows) {
                UUID jobId = row.getUUID("id");
                long lastSeq = row.getLong("last_seq");
                Set<Subscription> subs = feeds.get(jobId);
                if (subs != null && lowestLiveCursor(subs) < lastSeq) {
                    behind.add(jobId);
                }
            }
            wake(behind);
            return null;
        });
    }

    private void runBatch() {
        if (!batchRunning.compareAndSet(false, true)) {
            return;
        }
        List<UUID> jobIds = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        Iterator<UUID> it = dirty.iterator();
        while (it.hasNext()) {
            UUID jobId = it.next();
            it.remove();
            Set<Subscription> subs = feeds.get(jobId);
            long lowest = subs == null ? Long.MAX_VALUE : lowestLiveCursor(subs);
            if (lowest != Long.MAX_VALUE) {
                jobIds.add(jobId);
                after.add(lowest);
            }
        }
        if (jobIds.isEmpty()) {
            finishBatch();
            return;
        }
        int limit = config.replayBatchSize();
        pool.preparedQuery(EVENTS_AFTER)
                .execute(Tuple.of(jobIds.toArray(new UUID[0]), after.toArray(new Long[0]), limit))
                .subscribe().with(rows -> {
                    try {
                        deliver(rows, limit);
                    } catch (RuntimeException failure) {
                        failed(jobIds, failure);
                    }
                }, failure -> failed(jobIds, failure));
    }

    private void failed(List<UUID> jobIds, Throwable failure) {
        LOG.warnf("Reading the event log failed, retrying on the next wake-up or sweep: %s", failure.getMessage());
        dirty.addAll(jobIds);
        batchRunning.set(false);
    }

    private void finishBatch() {
        batchRunning.set(false);
        if (!dirty.isEmpty()) {
            runBatch();
        }
    }

    /** Hands each event loop its subscriptions' share of the batch; the batch ends when every loop has written. */
    private void deliver(RowSet<Row> rows, int limit) {
        Map<UUID, List<LoggedEvent>> byJob = new HashMap<>();
        for (Row row : rows) {
            byJob.computeIfAbsent(row.getUUID("job_id"), id -> new ArrayList<>())
                    .add(new LoggedEvent(row.getLong("seq"), row.getString("payload")));
        }
        Map<Thread, List<Subscription>> byEventLoop = new HashMap<>();
        for (Map.Entry<UUID, List<LoggedEvent>> entry : byJob.entrySet()) {
            entry.getValue().sort(Comparator.comparingLong(LoggedEvent::seq));
            Set<Subscription> subs = feeds.get(entry.getKey());
            if (subs == null) {
                continue;
            }
            if (entry.getValue().size() >= limit) {
                dirty.add(entry.getKey());
            }
            for (Subscription sub : subs) {
                if (sub.isLive()) {
                    byEventLoop.computeIfAbsent(sub.session().eventLoop(), loop -> new ArrayList<>()).add(sub);
                }
            }
        }
        if (byEventLoop.isEmpty()) {
            finishBatch();
            return;
        }
        AtomicInteger unfinished = new AtomicInteger(byEventLoop.size());
        for (List<Subscription> onLoop : byEventLoop.values()) {
            onLoop.get(0).session().runOnEventLoop(v -> {
                try {
                    catchUpOnTheirEventLoop(onLoop, byJob);
                } finally {
                    if (unfinished.decrementAndGet() == 0) {
                        finishBatch();
                    }
                }
            });
        }
    }

    /**
     * Runs as a task on the subscriptions' own event loop, so each socket is written by its own thread and the
     * writes of a batch are spread over all event loops. A subscription that could not catch up marks its job for
     * another batch.
     */
    private void catchUpOnTheirEventLoop(List<Subscription> subs, Map<UUID, List<LoggedEvent>> byJob) {
        for (Subscription sub : subs) {
            if (!sub.catchUp(byJob.get(sub.jobId()))) {
                dirty.add(sub.jobId());
            }
        }
    }

    private static long lowestLiveCursor(Set<Subscription> subs) {
        long lowest = Long.MAX_VALUE;
        for (Subscription sub : subs) {
            if (sub.isLive() && sub.cursor() < lowest) {
                lowest = sub.cursor();
            }
        }
        return lowest;
    }
}
