package io.videojobs.job;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.videojobs.error.ServiceException;
import io.videojobs.security.Caller;
import io.videojobs.storage.MediaStorage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

/** Finds a thumbnail for a caller (or for a verified signed link) and reads its JPEG from storage. */
@ApplicationScoped
public class ThumbnailFiles {

    private final MediaStorage storage;
    private final Vertx vertx;

    public ThumbnailFiles(MediaStorage storage, Vertx vertx) {
        this.storage = storage;
        this.vertx = vertx;
    }

    /** The JPEG of a thumbnail of the job; {@code caller} null means a signed link already vouched for it. */
    public Uni<byte[]> read(Caller caller, UUID jobId, UUID thumbnailId) {
        return find(caller, jobId, thumbnailId)
                .chain(thumbnail -> vertx.executeBlocking(Uni.createFrom().item(() -> bytes(thumbnail.storageKey)), false));
    }

    @WithSession
    Uni<JobThumbnail> find(Caller caller, UUID jobId, UUID thumbnailId) {
        return JobThumbnail.<JobThumbnail>findById(thumbnailId).chain(thumbnail -> {
            if (thumbnail == null || !thumbnail.jobId.equals(jobId)) {
                return Uni.createFrom().failure(ServiceException.notFound("Thumbnail"));
            }
            if (caller == null) {
                return Uni.createFrom().item(thumbnail);
            }
            return Job.<Job>findById(jobId).map(job -> {
                if (job == null || !caller.canAccess(job.ownerId)) {
                    throw ServiceException.notFound("Thumbnail");
                }
                return thumbnail;
            });
        });
    }

    private byte[] bytes(String key) {
        try (InputStream in = storage.open(key)) {
            return in.readAllBytes();
        } catch (java.nio.file.NoSuchFileException e) {
            throw ServiceException.notFound("Thumbnail");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
