package io.videojobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.videojobs.job.event.EventType;
import io.videojobs.job.event.JobEventLog;
import io.videojobs.job.event.MetadataUpdateData;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the owner's edits of a job's metadata, each with its {@code METADATA_UPDATE}, and marks them edited:
 * the engine ({@code RunStore}) never overwrites an edited item.
 */
@ApplicationScoped
public class JobMetadataStore {

    private final JobEventLog eventLog;
    private final JsonText json;

    public JobMetadataStore(JobEventLog eventLog, JsonText json) {
        this.eventLog = eventLog;
        this.json = json;
    }

    /** Stores the owner's edit of an item of a job the current transaction has locked. */
    public Uni<Void> storeEdit(Job job, MetadataType type, JsonNode content) {
        JobMetadata.Key key = new JobMetadata.Key(job.id, type);
        return JobMetadata.<JobMetadata>findById(key).chain(existing -> {
            JobMetadata item = existing != null ? existing : new JobMetadata();
            item.key = key;
            item.contentJson = json.write(content);
            item.editedByUser = true;
            item.updatedAt = Timestamps.now();
            Uni<Void> saved = existing != null ? Uni.createFrom().voidItem() : item.persist().replaceWithVoid();
            return saved.chain(() -> eventLog.append(job, EventType.METADATA_UPDATE, new MetadataUpdateData(type, content)))
                    .replaceWithVoid();
        });
    }
}
