package io.videojobs.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A generated thumbnail; {@code position} is unique per job so a re-run never duplicates one. */
@Entity
@Table(name = "job_thumbnails")
public class JobThumbnail extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public int width;

    @Column(nullable = false)
    public int height;

    @Column(name = "timestamp_seconds")
    public Double timestampSeconds;

    @Column(name = "storage_key", nullable = false, length = 512)
    public String storageKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
