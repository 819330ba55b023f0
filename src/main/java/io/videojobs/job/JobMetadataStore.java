package io.videojobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.videojobs.job.event.EventType;
import io.videojobs.job.event.JobEventLog;
import io.videojobs.job.event.MetadataUpdateData;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes a job's metadata items, for the owner's edits and the engine's results alike, each with its
 * {@code METADATA_UPDATE}. An item the owner edited is never overwritten by the engine.
 */
@ApplicationScoped
public class JobMetadataStore {

    private final JobEventLog eventLog;
    private final JsonText json;

    public JobMetadataStore(JobEventLog eventLog, JsonText json) {
        this.eventLog = eventLog;
        this.json = json;
    }

    /** Stores an item of a job the current transaction has locked; {@code byOwner} marks an owner's edit. */
    public Uni<Void> store(Job job, MetadataType type, JsonNode content, boolean byOwner) {
        JobMetadata.Key key = new JobMetadata.Key(job.id, type);
        return JobMetadata.<JobMetadata>findById(key).chain(existing -> {
            if (existing != null && existing.editedByUser && !byOwner) {
                return Uni.createFrom().voidItem();
            }
            JobMetadata item = existing != null ? existing : new JobMetadata();
            item.key = key;
            item.contentJson = json.write(content);
            item.editedByUser = byOwner;
            item.updatedAt = Timestamps.now();
            Uni<Void> saved = existing != null ? Uni.createFrom().voidItem() : item.persist().replaceWithVoid();
            return saved.chain(() -> eventLog.append(job, EventType.METADATA_UPDATE, new MetadataUpdateData(type, content)))
                    .replaceWithVoid();
        });
    }
}
