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

/**
 * One metadata item of a job, its content kept as JSON text. {@code editedByUser} marks an item
 * the owner set, which the engine must never overwrite.
 */
@Entity
@Table(name = "job_metadata")
public class JobMetadata extends PanacheEntityBase {

    /** Composite key: one item per metadata type and job. */
    @Embeddable
    public record Key(@Column(name = "job_id") UUID jobId,
                      @Enumerated(EnumType.STRING) @Column(name = "metadata_type") MetadataType type) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(name = "content_json", nullable = false)
    public String contentJson;

    @Column(name = "edited_by_user", nullable = false)
    public boolean editedByUser;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public MetadataType type() {
        return key.type();
    }
}
