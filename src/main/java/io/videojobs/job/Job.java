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

    /** Reserves the next event sequence number; callers must hold the row lock. */
    public long nextSeq() {
        return ++lastSeq;
    }
}
