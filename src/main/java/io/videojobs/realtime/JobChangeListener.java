package io.videojobs.realtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.videojobs.config.RealtimeConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * LISTENs on a dedicated PostgreSQL connection for job changes committed by other instances and wakes
 * the local fan-out. Notifications sent while the connection is down are lost, so every (re)subscription
 * triggers a sweep that re-reads all subscribed jobs against the log.
 */
@ApplicationScoped
public class JobChangeListener {

    private static final Logger LOG = Logger.getLogger(JobChangeListener.class);

    private final Vertx vertx;
    private final JobFanOut fanOut;
    private final JobChangeNotifier notifier;
    private final RealtimeConfig config;
    private final PgConnectOptions connectOptions;
    private volatile boolean connected;
    private PgSubscriber subscriber;

    public JobChangeListener(Vertx vertx, JobFanOut fanOut, JobChangeNotifier notifier, RealtimeConfig config,
                             RealtimeDatabase database) {
        this.vertx = vertx;
        this.fanOut = fanOut;
        this.notifier = notifier;
        this.config = config;
        PgConnectOptions options = database.connectOptions();
        options.addProperty("application_name", "video-jobs-listener");
        this.connectOptions = options;
    }

    void onStart(@Observes StartupEvent event) {
        long delay = Math.max(1, config.listenerReconnectDelay().toMillis());
        subscriber = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(retries -> delay);
        subscriber.closeHandler(v -> {
            connected = false;
            LOG.warn("Job change listener connection lost; reconnecting");
        });
        subscriber.channel(config.notifyChannel())
                .subscribeHandler(v -> {
                    connected = true;
                    LOG.debug("Listening for job changes; sweeping subscribed jobs");
                    fanOut.sweep().subscribe().with(done -> { }, failure -> LOG.warnf(
                            "Sweep after (re)connect failed: %s", failure.getMessage()));
                })
                .handler(this::onNotification);
        connect(delay);
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

    private void connect(long retryDelay) {
        subscriber.connect().onFailure(failure -> {
            LOG.warnf("Job change listener cannot connect (%s); retrying", failure.getMessage());
            vertx.setTimer(retryDelay, id -> connect(retryDelay));
        });
    }

    private void onNotification(String payload) {
        int bar = payload.indexOf('|');
        String ownId = notifier.senderId();
        if (bar < 0 || payload.regionMatches(0, ownId, 0, bar) && bar == ownId.length()) {
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
