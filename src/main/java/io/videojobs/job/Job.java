package io.videojobs.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A submitted video job. Its {@code lastSeq} is the per-job event counter: it is only advanced
 * while the row is locked, which makes the event log's sequence gap-free. Its status changes only through
 * the methods named for the event ({@link #claim}, {@link #complete}, {@link #retry}...), each checked
 * against the {@link JobStatus} state machine.
 */
@Entity
@Table(name = "jobs")
public class Job extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobStatus status;

    @Column(name = "progress_percent", nullable = false)
    public int progressPercent;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "source_url", length = 2048)
    public String sourceUrl;

    @Column(name = "options_json", nullable = false)
    public String optionsJson;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** SHA-256 of the submitted request, kept only with an idempotency key to tell a retry from a conflict. */
    @Column(name = "request_hash", length = 64)
    public String requestHash;

    @Column(name = "last_seq", nullable = false)
    public long lastSeq;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Instance that holds the processing lease, null when no instance does. */
    @Column(name = "lease_owner", length = 128)
    public String leaseOwner;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    /** Processing attempts that ended in a transient failure; bounded by the engine's retry setting. */
    @Column(nullable = false)
    public int attempts;

    /** Earliest time a retried job may be claimed again. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** File name of an uploaded video (or the last path segment of its URL). */
    @Column(name = "source_name", length = 512)
    public String sourceName;

    /** Storage key of the source media once it is uploaded or fetched. */
    @Column(name = "media_key", length = 512)
    public String mediaKey;

    /** What ffprobe found in the source: duration, resolution, codecs, container tags. */
    @Column(name = "media_info_json")
    public String mediaInfoJson;

    /** Reserves the next event sequence number; callers must hold the row lock. */
    public long nextSeq() {
        return ++lastSeq;
    }

    /** Whether {@code owner} holds the lease of this running job. */
    public boolean isRunBy(String owner) {
        return status == JobStatus.PROCESSING && owner.equals(leaseOwner);
    }

    /**
     * Takes the job under a lease for {@code owner}; a PENDING job starts PROCESSING. Returns whether it
     * started, which is false when a PROCESSING job's lease is taken over.
     */
    public boolean claim(String owner, Instant leaseUntil) {
        leaseOwner = owner;
        leaseExpiresAt = leaseUntil;
        if (status != JobStatus.PENDING) {
            return false;
        }
        status = status.moveTo(JobStatus.PROCESSING);
        nextAttemptAt = null;
        if (startedAt == null) {
            startedAt = Timestamps.now();
        }
        return true;
    }

    /** The run under this job's lease goes on: its lease now lasts until {@code leaseUntil}. */
    public void renewLease(Instant leaseUntil) {
        leaseExpiresAt = leaseUntil;
    }

    /** Counts a processing attempt that ended in a transient failure and returns the count. */
    public int countFailedAttempt() {
        return ++attempts;
    }

    /** A transient failure: back to PENDING until {@code notBefore}, with the lease handed back. */
    public void requeue(Instant notBefore) {
        status = status.moveTo(JobStatus.PENDING);
        nextAttemptAt = notBefore;
        releaseLease();
    }

    /** Raises the job's progress (never lowers it); returns whether it changed. */
    public boolean raiseProgress(int percent) {
        if (percent <= progressPercent) {
            return false;
        }
        progressPercent = percent;
        return true;
    }

    /** Every stage has ended without a fatal failure. */
    public void complete() {
        status = status.moveTo(JobStatus.COMPLETED);
        progressPercent = 100;
        finishedAt = Timestamps.now();
        releaseLease();
    }

    public void fail(String message) {
        status = status.moveTo(JobStatus.FAILED);
        errorMessage = message;
        finishedAt = Timestamps.now();
        releaseLease();
    }

    public void cancel() {
        status = status.moveTo(JobStatus.CANCELLED);
        finishedAt = Timestamps.now();
        releaseLease();
    }

    /** Only a FAILED or CANCELLED job can be retried; a running or completed one cannot. */
    public boolean canBeRetried() {
        return status == JobStatus.FAILED || status == JobStatus.CANCELLED;
    }

    /** Runs the job again from its first unfinished stage, with a fresh attempt budget. */
    public void retry() {
        if (!canBeRetried()) {
            throw new IllegalTransitionException("retried job", status, JobStatus.PENDING);
        }
        status = status.moveTo(JobStatus.PENDING);
        errorMessage = null;
        finishedAt = null;
        attempts = 0;
        nextAttemptAt = null;
        releaseLease();
    }

    private void releaseLease() {
        leaseOwner = null;
        leaseExpiresAt = null;
    }
}
