package io.videojobs.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One processing stage of a job, with its own status and progress. Its status changes only through the
 * methods named for the event, each checked against the {@link StageStatus} state machine.
 */
@Entity
@Table(name = "job_stages")
public class JobStage extends PanacheEntityBase {

    /** Composite key: a stage id is unique within its job. */
    @Embeddable
    public record Key(@Column(name = "job_id") UUID jobId,
                      @Enumerated(EnumType.STRING) @Column(name = "stage_id") StageId stageId) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public int position;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StageStatus status;

    @Column(name = "progress_percent", nullable = false)
    public int progressPercent;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** When the stage could first run: its job's submission for the first stage, else the previous stage's end. */
    @Column(name = "runnable_at")
    public Instant runnableAt;

    /** How many times the stage was started; a retry and a run resumed after a crash each count. */
    @Column(nullable = false)
    public int attempts;

    /** CPU seconds over all attempts: its ffmpeg and ffprobe processes' and the worker thread's (see processing.md). */
    @Column(name = "cpu_seconds", nullable = false)
    public double cpuSeconds;

    public StageId stageId() {
        return key.stageId();
    }

    /** The stages of a job in run order. */
    public static Uni<List<JobStage>> ofJob(UUID jobId) {
        return list("key.jobId = ?1 order by position", jobId);
    }

    /** The stage starts, or a resumed run picks an interrupted (still PROCESSING) stage up again. */
    public void start() {
        if (status != StageStatus.PROCESSING) {
            status = status.moveTo(StageStatus.PROCESSING);
        }
        attempts++;
        errorMessage = null;
        if (startedAt == null) {
            startedAt = Timestamps.now();
        }
    }

    /** Raises a running stage's progress (never lowers it, and leaves 100 to completion); whether it changed. */
    public boolean raiseProgress(int percent) {
        int capped = Math.min(percent, 99);
        if (status != StageStatus.PROCESSING || capped <= progressPercent) {
            return false;
        }
        progressPercent = capped;
        return true;
    }

    public void complete() {
        status = status.moveTo(StageStatus.COMPLETED);
        progressPercent = 100;
        finishedAt = Timestamps.now();
    }

    public void fail(String message) {
        status = status.moveTo(StageStatus.FAILED);
        errorMessage = message;
        finishedAt = Timestamps.now();
    }

    /** The stage can run from now on, unless it could already. */
    public void becomeRunnable(Instant at) {
        if (runnableAt == null) {
            runnableAt = at;
        }
    }

    /** Adds the CPU an attempt of the stage used. */
    public void addCpu(double seconds) {
        cpuSeconds += Math.max(0, seconds);
    }

    /** Back to PENDING, to run again: its job was re-queued or retried. Progress made so far is kept. */
    public void requeue() {
        status = status.moveTo(StageStatus.PENDING);
        errorMessage = null;
        finishedAt = null;
    }
}
