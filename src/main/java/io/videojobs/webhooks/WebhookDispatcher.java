package io.videojobs.webhooks;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.videojobs.concurrent.DaemonThreads;
import io.videojobs.config.WebhooksConfig;
import io.videojobs.job.JobSubmitted;
import io.videojobs.job.event.JobsCommitted;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The delivery workers: claims due deliveries ({@code SKIP LOCKED}, under a lease, so instances share the work and
 * one that dies mid-delivery loses it to another when the lease expires), sends each on a bounded pool of
 * delivery threads outside any transaction, and records the attempt. At most {@code max-in-flight} deliveries
 * run at once on an instance and {@code max-in-flight-per-endpoint} to one endpoint, so a slow or dead endpoint
 * holds a few threads and the others keep their latency. It is woken after commits (by {@link JobsCommitted}
 * from the coalesced notifier, and {@link JobSubmitted}), after each finished delivery, and by a periodic poll,
 * the safety net; claims start at most once per {@code claim-interval}, so that under load one claim serves many
 * wake-ups instead of one claim following every delivery.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final String leaseOwner = "webhooks-" + UUID.randomUUID();
    private final WebhooksConfig config;
    private final WebhookStore store;
    private final WebhookSender sender;
    private final RetrySchedule schedule;
    private final Vertx vertx;
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();
    private final AtomicBoolean claimFailing = new AtomicBoolean();
    private final AtomicBoolean claimScheduled = new AtomicBoolean();
    /** {@link System#nanoTime()} before which no claim starts. */
    private volatile long nextClaimAt = System.nanoTime();
    private volatile ExecutorService senders;
    private volatile long pollTimer = -1;
    /**
     * Whether any endpoint is enabled, as the last poll saw it (or an endpoint registered here since): with none,
     * commits do not wake the workers, so an instance without webhooks spends no query per job change.
     */
    private volatile boolean endpointsExist = true;
    /** Counts {@link #endpointsChanged()}, so a poll that started before a registration cannot undo it. */
    private long endpointChanges;

    WebhookDispatcher(WebhooksConfig config, WebhookStore store, WebhookSender sender, Vertx vertx) {
        this.config = config;
        this.store = store;
        this.sender = sender;
        this.schedule = RetrySchedule.of(config);
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        senders = Executors.newFixedThreadPool(config.maxInFlight(), DaemonThreads.named("webhook-delivery"));
        pollTimer = vertx.setPeriodic(Math.max(10, config.pollInterval().toMillis()), id -> poll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        ExecutorService running = senders;
        if (running != null) {
            running.shutdown();
            try {
                // a delivery cut here is sent again by another instance when its lease expires
                running.awaitTermination(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void onCommitted(@Observes JobsCommitted event) {
        if (endpointsExist) {
            wake();
        }
    }

    void onSubmitted(@Observes JobSubmitted event) {
        if (endpointsExist) {
            wake();
        }
    }

    /** An endpoint was registered or enabled on this instance: commits wake the workers again. */
    synchronized void endpointsChanged() {
        endpointChanges++;
        endpointsExist = true;
    }

    /** The safety net: learns whether any endpoint is enabled (on any instance) and looks for due deliveries. */
    private void poll() {
        long changesBefore;
        synchronized (this) {
            changesBefore = endpointChanges;
        }
        store.anyEnabledEndpoint().subscribe().with(any -> {
            polled(any, changesBefore);
            if (any) {
                wake();
            }
        }, failure -> wake());
    }

    /** What a poll saw, unless an endpoint was registered here while it ran (its snapshot may predate it). */
    private synchronized void polled(boolean any, long changesBefore) {
        if (any || endpointChanges == changesBefore) {
            endpointsExist = any;
        }
    }

    /**
     * Looks for due deliveries now, or at the end of the claim interval when the last claim started within it;
     * calls while a claim runs make it look once more when it ends. Never blocks.
     */
    public void wake() {
        if (senders == null || senders.isShutdown()) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            wakeAgain.set(true);
            return;
        }
        int room = config.maxInFlight() - total.get();
        if (room <= 0) {
            claimDone();
            return;
        }
        long wait = nextClaimAt - System.nanoTime();
        if (wait > 0) {
            claiming.set(false);
            if (claimScheduled.compareAndSet(false, true)) {
                vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), id -> {
                    claimScheduled.set(false);
                    wake();
                });
            }
            return;
        }
        nextClaimAt = System.nanoTime() + config.claimInterval().toNanos();
        Map<UUID, Integer> busy = new HashMap<>();
        inFlight.forEach((endpoint, count) -> {
            if (count.get() > 0) {
                busy.put(endpoint, count.get());
            }
        });
        store.claim(leaseOwner, busy, config.maxInFlightPerEndpoint(), room, leaseMillis())
                .subscribe().with(this::dispatch, failure -> {
                    if (claimFailing.compareAndSet(false, true)) {
                        LOG.warnf("Claiming webhook deliveries failed; retrying at every poll: %s", failure.getMessage());
                    }
                    claimDone();
                });
    }

    /** The configured lease, but never shorter than an attempt can take, or an instance would take over a live one. */
    private long leaseMillis() {
        return Math.max(config.lease().toMillis(), config.connectTimeout().plus(config.timeout()).toMillis() + 5_000);
    }

    private void dispatch(List<WebhookStore.Claimed> claimed) {
        if (claimFailing.compareAndSet(true, false)) {
            LOG.info("Claiming webhook deliveries works again");
        }
        for (WebhookStore.Claimed delivery : claimed) {
            inFlight.computeIfAbsent(delivery.endpointId(), id -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            try {
                senders.execute(() -> deliver(delivery));
            } catch (RuntimeException e) { // shutting down: the lease expires and another instance sends it
                release(delivery);
            }
        }
        if (claimed.size() > 0) {
            wakeAgain.set(true); // there may be more due than this claim took
        }
        claimDone();
    }

    private void claimDone() {
        claiming.set(false);
        if (wakeAgain.getAndSet(false) && total.get() < config.maxInFlight()) {
            wake();
        }
    }

    private void deliver(WebhookStore.Claimed delivery) {
        Instant attemptedAt = Instant.now();
        WebhookSender.Outcome outcome = sender.send(delivery);
        Instant now = Instant.now();
        int attemptsMade = delivery.attempts() + 1;
        boolean gone = outcome.statusCode() != null && outcome.statusCode() == 410;
        String status;
        Instant next = null;
        if (outcome.succeeded()) {
            status = "SUCCEEDED";
        } else if (gone) {
            status = "FAILED";
        } else {
            next = schedule.next(attemptsMade, now, outcome.retryAfter()).orElse(null);
            status = next == null ? "FAILED" : "PENDING";
        }
        store.record(delivery.id(), leaseOwner, attemptedAt, outcome.durationMs(), outcome.statusCode(),
                        outcome.error(), outcome.responseBody(), status, next, outcome.succeeded(), gone,
                        now.minus(config.disableAfter()))
                .subscribe().with(enabled -> {
                    enabled.filter(stillEnabled -> !stillEnabled).ifPresent(disabled -> LOG.infof(
                            "Webhook endpoint %s disabled (%s)", delivery.endpointId(),
                            gone ? "it answered 410 Gone" : "it has failed for " + config.disableAfter()));
                    release(delivery);
                    wake();
                }, failure -> {
                    LOG.warnf("Recording webhook delivery %d failed; it is sent again when its lease expires: %s",
                            delivery.id(), failure.getMessage());
                    release(delivery);
                });
    }

    private void release(WebhookStore.Claimed delivery) {
        inFlight.get(delivery.endpointId()).decrementAndGet(); // entries stay: one small counter per endpoint
        total.decrementAndGet();
    }
}
