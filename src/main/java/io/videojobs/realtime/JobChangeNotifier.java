package io.videojobs.realtime;

import io.videojobs.config.RealtimeConfig;
import io.videojobs.job.event.JobsCommitted;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Announces committed job changes. Local subscribers and observers of {@link JobsCommitted} (webhook delivery)
 * are woken at once; other instances get one
 * coalesced {@code NOTIFY} per few milliseconds, sent outside any writing transaction (NOTIFY takes a
 * global lock at commit) and split so each payload stays under PostgreSQL's 8000-byte limit. The
 * payload is {@code <sender id>|<job id>,<job id>...}; an instance ignores the notifications it sent.
 */
@ApplicationScoped
public class JobChangeNotifier {

    private static final Logger LOG = Logger.getLogger(JobChangeNotifier.class);
    /** Job ids per NOTIFY payload: 36 + 1 bytes each, well under 8000 bytes with the prefix. */
    static final int IDS_PER_NOTIFY = 200;

    /** Names this instance as the sender of its notifications (random per process; not the engine's lease owner id). */
    private final String senderId = UUID.randomUUID().toString();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final JobFanOut fanOut;
    private final Pool pool;
    private final Vertx vertx;
    private final RealtimeConfig config;
    private final Event<JobsCommitted> committed;

    public JobChangeNotifier(JobFanOut fanOut, RealtimeDatabase database, Vertx vertx, RealtimeConfig config,
                             Event<JobsCommitted> committed) {
        this.fanOut = fanOut;
        this.committed = committed;
        this.pool = database.pool();
        this.vertx = vertx;
        this.config = config;
    }

    /** Reports jobs whose events have been committed. Call only after the commit. */
    public void jobsChanged(Collection<UUID> jobIds) {
        fanOut.wake(jobIds);
        committed.fire(new JobsCommitted(jobIds));
        pending.addAll(jobIds);
        if (flushScheduled.compareAndSet(false, true)) {
            long delay = Math.max(1, config.notifyCoalesceDelay().toMillis());
            vertx.setTimer(delay, id -> flush());
        }
    }

    /** The id this instance's notifications carry, so that it can ignore its own; STATS_UPDATE shows it as instance_id. */
    public String senderId() {
        return senderId;
    }

    private void flush() {
        flushScheduled.set(false);
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = null;
        int inPayload = 0;
        Iterator<UUID> it = pending.iterator();
        while (it.hasNext()) {
            UUID jobId = it.next();
            it.remove();
            if (payload == null || inPayload == IDS_PER_NOTIFY) {
                if (payload != null) {
                    payloads.add(payload.toString());
                }
                payload = new StringBuilder(senderId).append('|');
                inPayload = 0;
            } else {
                payload.append(',');
            }
            payload.append(jobId);
            inPayload++;
        }
        if (payload == null) {
            return;
        }
        payloads.add(payload.toString());
        pool.preparedQuery("select pg_notify($1, p) from unnest($2::text[]) as p")
                .execute(Tuple.of(config.notifyChannel(), payloads.toArray(new String[0])))
                .subscribe().with(rows -> { }, failure -> LOG.warnf(
                        "NOTIFY failed; other instances catch up on their next sweep: %s", failure.getMessage()));
    }
}
