package io.videojobs.realtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.videojobs.config.RealtimeConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * LISTENs on a dedicated PostgreSQL connection for job changes committed by other instances and wakes
 * the local fan-out and feeds of new jobs. Notifications sent while the connection is down are lost, so every
 * (re)subscription triggers a sweep that re-reads all subscribed jobs against the log, and every owner feed's new jobs.
 */
@ApplicationScoped
public class JobChangeListener {

    private static final Logger LOG = Logger.getLogger(JobChangeListener.class);

    private final Vertx vertx;
    private final JobFanOut fanOut;
    private final OwnerFeed ownerFeed;
    private final JobChangeNotifier notifier;
    private final RealtimeConfig config;
    private final PgConnectOptions connectOptions;
    private volatile boolean connected;
    /** The first fault the LISTEN connection reported (57P01, then the reset), for the warning when it closes. */
    private volatile String lastFailure;
    private volatile long lostAtNanos;
    private PgSubscriber subscriber;

    public JobChangeListener(Vertx vertx, JobFanOut fanOut, OwnerFeed ownerFeed, JobChangeNotifier notifier,
                             RealtimeConfig config, RealtimeDatabase database) {
        this.vertx = vertx;
        this.fanOut = fanOut;
        this.ownerFeed = ownerFeed;
        this.notifier = notifier;
        this.config = config;
        PgConnectOptions options = database.connectOptions();
        options.addProperty("application_name", "video-jobs-listener");
        this.connectOptions = options;
    }

    void onStart(@Observes StartupEvent event) {
        long delay = Math.max(1, config.listenerReconnectDelay().toMillis());
        subscriber = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(attempt -> {
            if (attempt == 0) {
                connectionLost(delay);
            }
            return delay;
        });
        subscriber.channel(config.notifyChannel())
                .subscribeHandler(v -> listening())
                .handler(this::onNotification);
        connect(delay, true);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /** Whether the LISTEN connection is currently up. */
    public boolean connected() {
        return connected;
    }

    /**
     * The first connection: it is retried until it succeeds (the subscriber's reconnect policy only applies once it
     * has been connected), with one warning for the whole outage.
     */
    private void connect(long retryDelay, boolean firstAttempt) {
        subscriber.connect().onFailure(failure -> {
            if (firstAttempt) {
                LOG.warnf("Job change listener cannot connect to the database (%s); LISTEN retrying every %d ms",
                        failure.getMessage(), retryDelay);
            }
            vertx.setTimer(retryDelay, id -> connect(retryDelay, false));
        });
    }

    /**
     * LISTEN is in place, on the first connection or a new one: the connection's faults are ours to report (a
     * connection without an exception handler prints them to stderr), and sweeps catch up on the
     * notifications missed while no connection listened.
     */
    private void listening() {
        subscriber.actualConnection().exceptionHandler(failure -> {
            if (lastFailure == null) {
                lastFailure = failure.getMessage();
            }
        });
        if (!connected && lostAtNanos != 0) {
            LOG.infof("Job change listener is listening again after %d ms; sweeping subscribed jobs",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAtNanos));
        }
        connected = true;
        ownerFeed.sweep();
        fanOut.sweep().subscribe().with(done -> { }, failure -> LOG.warnf(
                "Sweep after (re)connect failed: %s", failure.getMessage()));
    }

    /** The subscriber's first reconnect attempt after the LISTEN connection closed: one warning per outage. */
    private void connectionLost(long retryDelay) {
        connected = false;
        lostAtNanos = System.nanoTime();
        String cause = lastFailure == null ? "closed" : lastFailure;
        lastFailure = null;
        LOG.warnf("Job change listener lost its database connection (%s); LISTEN reconnecting every %d ms, then "
                + "sweeping subscribed jobs for the changes it missed", cause, retryDelay);
    }

    private void onNotification(String payload) {
        int bar = payload.indexOf('|');
        String ownId = notifier.senderId();
        if (bar < 0 || payload.regionMatches(0, ownId, 0, bar) && bar == ownId.length()) {
            return;
        }
        if (payload.startsWith(JobChangeNotifier.OWNERS_MARK, bar)) {
            List<String> owners = new ArrayList<>();
            for (String owner : payload.substring(bar + JobChangeNotifier.OWNERS_MARK.length()).split(",")) {
                owners.add(URLDecoder.decode(owner, StandardCharsets.UTF_8));
            }
            ownerFeed.wake(owners);
            return;
        }
        List<UUID> jobIds = new ArrayList<>();
        for (String id : payload.substring(bar + 1).split(",")) {
            try {
                jobIds.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                LOG.debugf("Ignoring malformed job id in notification: %s", id);
            }
        }
        fanOut.wake(jobIds);
    }
}
