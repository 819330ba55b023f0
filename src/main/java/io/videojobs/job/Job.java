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
 * while the row is locked, which makes the event log's sequence gap-free.
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
}
