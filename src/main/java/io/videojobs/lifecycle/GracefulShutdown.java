package io.videojobs.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.SmallRyeHealthReporter;
import io.videojobs.config.DrainConfig;
import io.videojobs.processing.engine.ProcessingEngine;
import io.videojobs.realtime.CloseCodes;
import io.videojobs.realtime.SessionRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Drains an instance on SIGTERM so that a rolling restart loses nothing, in this order: readiness goes DOWN
 * (Quarkus does that first, then waits {@code quarkus.shutdown.delay}); new claims stop; WebSocket clients get
 * close 1001 and reconnect elsewhere, resuming with {@code since}; running jobs hand their leases back so
 * another instance resumes them at once. It runs from a JVM shutdown hook during that delay, because by the
 * time {@link ShutdownEvent} fires Quarkus has already closed the HTTP server and every socket with it. A stop
 * without a signal (tests, dev-mode reloads) drains on {@link ShutdownEvent} instead.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    private static final long READINESS_WAIT_MILLIS = 2_000;

    private final ProcessingEngine engine;
    private final SessionRegistry sessions;
    private final SmallRyeHealthReporter health;
    private final DrainConfig config;
    private boolean drained;
    private Thread hook;

    public GracefulShutdown(ProcessingEngine engine, SessionRegistry sessions, SmallRyeHealthReporter health,
                            DrainConfig config) {
        this.engine = engine;
        this.sessions = sessions;
        this.health = health;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        hook = new Thread(this::drainAfterReadinessDown, "video-jobs-drain");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException signalled) {
            // the JVM is already running its hooks: the drain hook has started or finished
        }
        drain();
    }

    private void drainAfterReadinessDown() {
        long deadline = System.currentTimeMillis() + READINESS_WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline && !health.getReadiness().isDown()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        drain();
    }

    private synchronized void drain() {
        if (drained) {
            return;
        }
        drained = true;
        LOG.infof("Draining: claims stop, %d socket(s) close with 1001, running jobs release their leases",
                sessions.connectionCount());
        engine.stopClaiming();
        try {
            sessions.closeAll(CloseCodes.GOING_AWAY, "Server shutting down").await().atMost(config.socketCloseTimeout());
        } catch (RuntimeException e) {
            LOG.warn("Not every WebSocket close frame was sent in time", e);
        }
        engine.releaseRunningJobs();
        LOG.info("Drained");
    }
}
