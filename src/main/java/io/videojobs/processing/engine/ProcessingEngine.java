package io.videojobs.processing.engine;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.videojobs.config.EngineConfig;
import io.videojobs.job.JobSubmitted;
import io.videojobs.processing.run.EngineThreads;
import io.videojobs.processing.run.RunHandle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The engine of one instance. The Quarkus scheduler drives it: a claim tick fills free worker slots with
 * jobs claimed under a lease (a worker that finishes, or a submission to an idle instance, claims the next job
 * at once). A heartbeat timer renews those leases and aborts runs whose job was cancelled, deleted or taken
 * over, killing their ffmpeg.
 */
@ApplicationScoped
public class ProcessingEngine {

    private static final Logger LOG = Logger.getLogger(ProcessingEngine.class);

    private final EngineConfig config;
    private final RunRecorder recorder;
    private final JobLeases leases;
    private final JobRunner runner;
    private final EngineThreads threads;
    /** Who holds this engine's leases: the configured instance id, else a random one per start. */
    private final String engineInstanceId;
    private final Map<UUID, RunHandle> running = new ConcurrentHashMap<>();
    private final AtomicInteger reservedSlots = new AtomicInteger();
    private final AtomicBoolean heartbeatRunning = new AtomicBoolean();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Vertx vertx;
    private volatile boolean stopping;

    public ProcessingEngine(EngineConfig config, RunRecorder recorder, JobLeases leases, JobRunner runner,
                            EngineThreads threads, Vertx vertx) {
        this.vertx = vertx;
        this.config = config;
        this.recorder = recorder;
        this.leases = leases;
        this.runner = runner;
        this.threads = threads;
        this.engineInstanceId = config.instanceId().orElse("instance-" + UUID.randomUUID());
    }

    public String engineInstanceId() {
        return engineInstanceId;
    }

    /** Ids of the jobs this instance is running now. */
    public Set<UUID> runningJobs() {
        return Set.copyOf(running.keySet());
    }

    @Scheduled(every = "${video-jobs.engine.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> claimTick() {
        return fillSlots();
    }

    /**
     * A job was just submitted to this instance: with a slot free, claim it now instead of at the next tick.
     * The claim runs on the engine's timer thread, never on the event loop that fired the event.
     */
    void onSubmitted(@Observes JobSubmitted event) {
        if (config.enabled() && !stopping && reservedSlots.get() < config.concurrency()
                && wakePending.compareAndSet(false, true)) {
            threads.timer().execute(() -> {
                wakePending.set(false);
                claimFromWorker();
            });
        }
    }

    /** The Quarkus scheduler cannot run more often than once a second, so the heartbeat is a Vert.x timer. */
    void startHeartbeat(@Observes StartupEvent event) {
        if (config.enabled()) {
            vertx.setPeriodic(config.heartbeatInterval().toMillis(), timer -> {
                if (heartbeatRunning.compareAndSet(false, true)) {
                    heartbeat().subscribe().with(ignored -> heartbeatRunning.set(false), e -> heartbeatRunning.set(false));
                }
            });
        }
    }

    Uni<Void> heartbeat() {
        Set<UUID> ids = runningJobs();
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return leases.renew(engineInstanceId, ids, config.leaseDuration(), config.heartbeatInterval())
                .invoke(held -> ids.stream().filter(id -> !held.contains(id)).forEach(id -> {
                    RunHandle handle = running.get(id);
                    if (handle != null) {
                        handle.abort("Job was cancelled, deleted or taken over");
                    }
                }))
                .onFailure().invoke(e -> LOG.warn("Lease heartbeat failed", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Claims jobs while this instance has free slots; each claimed job starts on a worker thread. */
    private Uni<Void> fillSlots() {
        if (!config.enabled() || stopping) {
            return Uni.createFrom().voidItem();
        }
        if (reservedSlots.incrementAndGet() > config.concurrency()) {
            reservedSlots.decrementAndGet();
            return Uni.createFrom().voidItem();
        }
        return recorder.claimNext(engineInstanceId, config.leaseDuration())
                .onFailure().invoke(e -> LOG.warn("Claiming a job failed", e))
                .onFailure().recoverWithNull()
                .chain(jobId -> {
                    if (jobId == null || running.containsKey(jobId)) {
                        reservedSlots.decrementAndGet();
                        return Uni.createFrom().voidItem();
                    }
                    start(jobId);
                    return Uni.createFrom().deferred(this::fillSlots);
                });
    }

    private void start(UUID jobId) {
        RunHandle handle = new RunHandle(jobId, threads.timer());
        running.put(jobId, handle);
        if (stopping) {
            handle.abort("Instance is shutting down");
        }
        threads.workers().execute(() -> {
            try {
                runner.run(jobId, engineInstanceId, handle);
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "Run of job %s ended unexpectedly; its lease will expire and it resumes", jobId);
            } finally {
                running.remove(jobId);
                reservedSlots.decrementAndGet();
            }
            if (!stopping) {
                claimFromWorker();
            }
        });
    }

    /** Takes the next job at once instead of at the next tick, so a busy queue never waits for the scheduler. */
    private void claimFromWorker() {
        try {
            VertxContextSupport.subscribeAndAwait(this::fillSlots);
        } catch (Throwable e) {
            LOG.warn("Claiming a job failed", e);
        }
    }

    /** Claims no more jobs; the first step of a graceful shutdown. */
    public void stopClaiming() {
        stopping = true;
    }

    /**
     * Stops the running jobs (their ffmpeg processes are killed) and hands their leases back, so another
     * instance resumes each at its first unfinished stage at once instead of after the lease expires.
     */
    public void releaseRunningJobs() {
        stopping = true;
        running.values().forEach(handle -> handle.abort("Instance is shutting down"));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            int released = leases.releaseAll(engineInstanceId).await().atMost(Duration.ofSeconds(5));
            LOG.infof("Engine %s stopped; released %d lease(s)", engineInstanceId, released);
        } catch (RuntimeException e) {
            LOG.warn("Could not release job leases on shutdown; they expire on their own", e);
        }
    }
}
