package io.videojobs.realtime;

import io.videojobs.config.RealtimeConfig;
import io.videojobs.job.event.JobsCommitted;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.job.JobCreated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>It also announces new jobs to their owners' feeds ({@link OwnerFeed}): job creation sends no NOTIFY of its own
 * (one per submission cost the database a third of its CPU); the owners who created jobs ride the same coalesced
 * NOTIFY as {@code <sender id>|o|<owner>,<owner>...}, each owner URL-encoded, one entry however many jobs they
 * created. An instance that does not know this form reads no job id in it and ignores it.
 */
@ApplicationScoped
public class JobChangeNotifier {

    private static final Logger LOG = Logger.getLogger(JobChangeNotifier.class);
    /** Job ids per NOTIFY payload: 36 + 1 bytes each, well under 8000 bytes with the prefix. */
    static final int IDS_PER_NOTIFY = 200;
    /** What follows the sender id in a payload of owners rather than job ids. */
    static final String OWNERS_MARK = "|o|";
    /** An owners payload's length: an owner id is at most 255 characters, 765 URL-encoded; NOTIFY's limit is 8000. */
    static final int OWNER_PAYLOAD_CHARS = 7000;

    /** Names this instance as the sender of its notifications (random per process; not the engine's lease owner id). */
    private final String senderId = UUID.randomUUID().toString();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final Set<String> pendingOwners = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final JobFanOut fanOut;
    private final OwnerFeed ownerFeed;
    private final Pool pool;
    private final Vertx vertx;
    private final RealtimeConfig config;
    private final Event<JobsCommitted> committed;

    public JobChangeNotifier(JobFanOut fanOut, OwnerFeed ownerFeed, RealtimeDatabase database, Vertx vertx,
                             RealtimeConfig config, Event<JobsCommitted> committed) {
        this.fanOut = fanOut;
        this.ownerFeed = ownerFeed;
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
        scheduleFlush();
    }

    /** A job was created and committed: its owner's feeds hear of it, here at once and elsewhere by NOTIFY. */
    void jobCreated(@Observes JobCreated created) {
        ownerFeed.wake(List.of(created.ownerId()));
        pendingOwners.add(created.ownerId());
        scheduleFlush();
    }

    private void scheduleFlush() {
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
        if (payload != null) {
            payloads.add(payload.toString());
        }
        payloads.addAll(ownerPayloads());
        if (payloads.isEmpty()) {
            return;
        }
        pool.preparedQuery("select pg_notify($1, p) from unnest($2::text[]) as p")
                .execute(Tuple.of(config.notifyChannel(), payloads.toArray(new String[0])))
                .subscribe().with(rows -> { }, failure -> LOG.warnf(
                        "NOTIFY failed; other instances catch up on their next sweep: %s", failure.getMessage()));
    }

    /** The pending owners as {@code <sender>|o|<owner>,...} payloads of at most {@link #OWNER_PAYLOAD_CHARS}. */
    private List<String> ownerPayloads() {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = null;
        for (Iterator<String> it = pendingOwners.iterator(); it.hasNext(); ) {
            String owner = URLEncoder.encode(it.next(), StandardCharsets.UTF_8);
            it.remove();
            if (payload != null && payload.length() + 1 + owner.length() > OWNER_PAYLOAD_CHARS) {
                payloads.add(payload.toString());
                payload = null;
            }
            if (payload == null) {
                payload = new StringBuilder(senderId).append(OWNERS_MARK).append(owner);
            } else {
                payload.append(',').append(owner);
            }
        }
        if (payload != null) {
            payloads.add(payload.toString());
        }
        return payloads;
    }
}
