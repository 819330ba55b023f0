package io.videojobs.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.config.RealtimeConfig;
import io.videojobs.job.JobRows;
import io.videojobs.job.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
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
 * The per-user feed of new jobs ({@code subscribe_owner}): announces each job a user creates, wherever it was created
 * (another tab, curl, a backend, another instance), as {@code JOB_CREATED} to that user's subscribed sockets. Job
 * creation sends no NOTIFY of its own: the coalesced notifier names the owners that created jobs, and a wake-up only
 * marks an owner dirty; one batched query then reads, per dirty owner, the jobs created since the oldest point its
 * subscriptions need. Each subscription announces a job once. Since a job's {@code created_at} is taken before its
 * commit, a job can commit after a later one: each read looks back {@code video-jobs.ws.owner-feed-lookback} (2 s)
 * before the newest job announced, and the jobs already announced are passed over.
 */
@ApplicationScoped
public class OwnerFeed {

    private static final Logger LOG = Logger.getLogger(OwnerFeed.class);
    /** Jobs read per owner and batch; a fuller page reads again from its last job. */
    static final int PAGE = 500;

    private static final String CREATED_SINCE = """
            select c.owner_id, j.id, j.status, j.progress_percent, j.source_url, j.created_at, j.last_seq
            from unnest($1::varchar[], $2::timestamptz[]) as c(owner_id, floor)
            cross join lateral (
                select id, status, progress_percent, source_url, created_at, last_seq from jobs
                where owner_id = c.owner_id and created_at > c.floor
                order by created_at, id limit $3) j""";
    private static final String NEWEST = """
            select id, created_at from jobs where owner_id = $1 order by created_at desc, id desc limit 1""";
    private static final String RECENT = """
            select id, created_at from jobs where owner_id = $1 and created_at > $2""";

    private final ConcurrentMap<String, Set<OwnerSubscription>> feeds = new ConcurrentHashMap<>();
    /** Dirty owners, each with the floor a full page moved its next read to, or the epoch for none. */
    private final ConcurrentMap<String, Instant> dirty = new ConcurrentHashMap<>();
    private final AtomicBoolean batchRunning = new AtomicBoolean();
    private final Pool pool;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final RealtimeConfig config;
    private long sweepTimer = -1;

    public OwnerFeed(RealtimeDatabase database, ObjectMapper mapper, Vertx vertx, RealtimeConfig config) {
        this.pool = database.pool();
        this.mapper = mapper;
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        sweepTimer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweep());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(sweepTimer);
    }

    /**
     * Starts the session's feed of its user's new jobs, replacing one it had. With {@code after} (the
     * {@code created_at} and id of the last job the client knows), the jobs created since are announced first; without,
     * only jobs created from now on. Answers {@code OWNER_SUBSCRIBED} with the newest job as the cursor to resume from.
     */
    Uni<WsMessage> subscribe(ClientSession session, ClientCommand.SubscribeOwner command) {
        unsubscribe(session);
        String owner = session.caller().userId();
        OwnerSubscription sub = new OwnerSubscription(session, owner, config.ownerFeedLookback());
        session.ownerSubscription(sub);
        feeds.computeIfAbsent(owner, id -> ConcurrentHashMap.newKeySet()).add(sub);
        Uni<Void> started;
        if (command.afterCreatedAt() != null) {
            sub.start(command.afterCreatedAt(), command.afterJobId() == null ? Map.of()
                    : Map.of(command.afterJobId(), command.afterCreatedAt()));
            started = Uni.createFrom().voidItem();
        } else {
            Instant now = Instant.now();
            started = pool.preparedQuery(RECENT).execute(Tuple.of(owner, utc(now.minus(config.ownerFeedLookback()))))
                    .map(rows -> {
                        Map<UUID, Instant> known = new HashMap<>();
                        for (Row row : rows) {
                            known.put(row.getUUID("id"), JobRows.instant(row, "created_at"));
                        }
                        sub.start(now, known);
                        return null;
                    });
        }
        return started.chain(() -> pool.preparedQuery(NEWEST).execute(Tuple.of(owner))).map(rows -> {
            Iterator<Row> newest = rows.iterator();
            MessageData.OwnerCursor cursor = null;
            if (newest.hasNext()) {
                Row row = newest.next();
                cursor = new MessageData.OwnerCursor(JobRows.instant(row, "created_at"), row.getUUID("id"));
            }
            wake(List.of(owner));
            return WsMessage.connection(MessageTypes.OWNER_SUBSCRIBED, new MessageData.OwnerSubscribed(owner, cursor));
        });
    }

    /** Ends the session's feed, if it has one. */
    void unsubscribe(ClientSession session) {
        OwnerSubscription sub = session.ownerSubscription(null);
        if (sub != null) {
            sub.end();
            feeds.computeIfPresent(sub.ownerId(), (id, subs) -> {
                subs.remove(sub);
                return subs.isEmpty() ? null : subs;
            });
        }
    }

    /** Owners that created jobs (here or, by NOTIFY, on another instance): those with a feed here are read. */
    public void wake(Collection<String> owners) {
        boolean any = false;
        for (String owner : owners) {
            if (feeds.containsKey(owner)) {
                dirty.putIfAbsent(owner, Instant.EPOCH);
                any = true;
            }
        }
        if (any) {
            runBatch();
        }
    }

    /**
     * Reads every owner with a feed here: the periodic safety sweep, and the catch-up once LISTEN is back (a
     * notification sent while it was down is lost).
     */
    void sweep() {
        wake(List.copyOf(feeds.keySet()));
    }

    /** Owner feeds on this instance. */
    int subscriptionCount() {
        return feeds.values().stream().mapToInt(Set::size).sum();
    }

    private void runBatch() {
        if (!batchRunning.compareAndSet(false, true)) {
            return;
        }
        List<String> owners = new ArrayList<>();
        List<OffsetDateTime> floors = new ArrayList<>();
        for (Iterator<Map.Entry<String, Instant>> it = dirty.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> entry = it.next();
            it.remove();
            Set<OwnerSubscription> subs = feeds.get(entry.getKey());
            Instant floor = subs == null ? null : lowestFloor(subs);
            if (floor != null) {
                owners.add(entry.getKey());
                floors.add(utc(floor.isAfter(entry.getValue()) ? floor : entry.getValue()));
            }
        }
        if (owners.isEmpty()) {
            finishBatch();
            return;
        }
        pool.preparedQuery(CREATED_SINCE)
                .execute(Tuple.of(owners.toArray(new String[0]), floors.toArray(new OffsetDateTime[0]), PAGE))
                .subscribe().with(rows -> {
                    try {
                        deliver(rows);
                    } finally {
                        finishBatch();
                    }
                }, failure -> {
                    LOG.warnf("Reading new jobs failed, retrying on the next wake-up or sweep: %s", failure.getMessage());
                    batchRunning.set(false);
                });
    }

    private void finishBatch() {
        batchRunning.set(false);
        if (!dirty.isEmpty()) {
            runBatch();
        }
    }

    private void deliver(Iterable<Row> rows) {
        Map<String, List<MessageData.JobCreated>> byOwner = new HashMap<>();
        Map<String, Long> lastSeqs = new HashMap<>();
        for (Row row : rows) {
            MessageData.JobCreated created = new MessageData.JobCreated(row.getUUID("id"), row.getString("owner_id"),
                    JobStatus.valueOf(row.getString("status")), row.getInteger("progress_percent"),
                    row.getString("source_url"), JobRows.instant(row, "created_at"));
            byOwner.computeIfAbsent(created.ownerId(), id -> new ArrayList<>()).add(created);
            lastSeqs.put(created.jobId().toString(), row.getLong("last_seq"));
        }
        byOwner.forEach((owner, jobs) -> {
            if (jobs.size() >= PAGE) {
                dirty.put(owner, jobs.get(jobs.size() - 1).createdAt().minusNanos(1000));
            }
            Set<OwnerSubscription> subs = feeds.get(owner);
            if (subs == null) {
                return;
            }
            for (OwnerSubscription sub : subs) {
                sub.session().runOnEventLoop(v -> {
                    for (MessageData.JobCreated job : sub.take(jobs)) {
                        send(sub.session(), WsMessage.aboutJob(MessageTypes.JOB_CREATED, job.jobId(), job,
                                lastSeqs.get(job.jobId().toString())));
                    }
                });
            }
        });
    }

    private void send(ClientSession session, WsMessage message) {
        try {
            session.send(mapper.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + message.type(), e);
        }
    }

    private static Instant lowestFloor(Set<OwnerSubscription> subs) {
        Instant lowest = null;
        for (OwnerSubscription sub : subs) {
            Instant floor = sub.floor();
            if (floor != null && (lowest == null || floor.isBefore(lowest))) {
                lowest = floor;
            }
        }
        return lowest;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
