package io.videojobs.processing.run;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The control side of one running job: the heartbeat or shutdown aborts it, which kills the ffmpeg
 * process it is waiting on (SIGTERM to the process and its descendants, SIGKILL a second later).
 */
public final class RunHandle {

    private static final long KILL_GRACE_MILLIS = 1000;

    private final UUID jobId;
    private final ScheduledExecutorService killer;
    private volatile String abortReason;
    private Process current;

    public RunHandle(UUID jobId, ScheduledExecutorService killer) {
        this.jobId = jobId;
        this.killer = killer;
    }

    public UUID jobId() {
        return jobId;
    }

    /** Stops the job: the current process dies and the next check throws. Safe from any thread, never blocks. */
    public void abort(String reason) {
        Process process;
        synchronized (this) {
            if (abortReason != null) {
                return;
            }
            abortReason = reason;
            process = current;
            notifyAll();
        }
        if (process != null) {
            terminate(process);
        }
    }

    public boolean isAborted() {
        return abortReason != null;
    }

    /** Waits for {@code duration} unless the job is aborted first; returns whether it is still active. */
    public boolean pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (this) {
            while (abortReason == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    /** Throws when the job was aborted. */
    public void checkActive() {
        String reason = abortReason;
        if (reason != null) {
            throw new JobAbortedException(reason);
        }
    }

    /** Registers the process the job now waits on; an already aborted job kills it at once. */
    public void attach(Process process) {
        synchronized (this) {
            current = process;
            if (abortReason == null) {
                return;
            }
        }
        terminate(process);
    }

    public synchronized void detach() {
        current = null;
    }

    /** Asks the process and its descendants to stop, and kills whatever is left after a grace period. */
    public void terminate(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        killer.schedule(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
