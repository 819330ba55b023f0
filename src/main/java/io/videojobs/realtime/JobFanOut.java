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
import org.jboss.logging.Logger;

/**
 * Delivers logged job events to this instance's subscriptions. The event log is the only source: a
 * wake-up (local commit, NOTIFY from another instance, reconnect or sweep) only marks a job dirty; one
 * batched query then reads, per dirty job, the events after the lowest cursor of its live subscriptions.
 * Each subscription takes an event only when its seq is exactly the next one, so nothing is skipped or
 * sent twice even when wake-ups are lost or duplicated. One batch runs at a time, and fan-out writes each
 * connection only from that connection's event loop, in batch order, which keeps each job's events in order.
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
                    } finally {
                        finishBatch();
                    }
                }, failure -> {
                    LOG.warnf("Reading the event log failed, retrying on the next wake-up or sweep: %s", failure.getMessage());
                    dirty.addAll(jobIds);
                    batchRunning.set(false);
                });
    }

    private void finishBatch() {
        batchRunning.set(false);
        if (!dirty.isEmpty()) {
            runBatch();
        }
    }

    private void deliver(RowSet<Row> rows, int limit) {
        Map<UUID, List<LoggedEvent>> byJob = new HashMap<>();
        for (Row row : rows) {
            byJob.computeIfAbsent(row.getUUID("job_id"), id -> new ArrayList<>())
                    .add(new LoggedEvent(row.getLong("seq"), row.getString("payload")));
        }
        for (Map.Entry<UUID, List<LoggedEvent>> entry : byJob.entrySet()) {
            UUID jobId = entry.getKey();
            List<LoggedEvent> events = entry.getValue();
            events.sort(Comparator.comparingLong(LoggedEvent::seq));
            Set<Subscription> subs = feeds.get(jobId);
            if (subs == null) {
                continue;
            }
            if (events.size() >= limit) {
                dirty.add(jobId);
            }
            Map<Thread, List<Subscription>> byEventLoop = new HashMap<>();
            for (Subscription sub : subs) {
                if (sub.isLive()) {
                    byEventLoop.computeIfAbsent(sub.session().eventLoop(), loop -> new ArrayList<>()).add(sub);
                }
            }
            for (List<Subscription> onLoop : byEventLoop.values()) {
                onLoop.get(0).session().runOnEventLoop(v -> catchUpOnTheirEventLoop(jobId, onLoop, events));
            }
        }
    }

    /**
     * Runs as a task on the subscriptions' own event loop, so each socket is written by its own thread,
     * the writes of one event are spread over all event loops, and the next batch need not wait for them.
     * A subscription that could not catch up marks its job for another batch.
     */
    private void catchUpOnTheirEventLoop(UUID jobId, List<Subscription> subs, List<LoggedEvent> events) {
        boolean behind = false;
        for (Subscription sub : subs) {
            behind |= !sub.catchUp(events);
        }
        if (behind) {
            dirty.add(jobId);
            runBatch();
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
