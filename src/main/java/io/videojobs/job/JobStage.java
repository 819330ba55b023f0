package io.videojobs.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One processing stage of a job, with its own status and progress. */
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

    public StageId stageId() {
        return key.stageId();
    }
}
