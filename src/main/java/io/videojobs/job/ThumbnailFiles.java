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
import java.net.URI;
import java.util.UUID;

/**
 * Finds a thumbnail for a caller (or for a verified signed link) and reads its JPEG from a local directory, or gives
 * the presigned URL of the store that holds it.
 */
@ApplicationScoped
public class ThumbnailFiles {

    /** The type thumbnails are stored and served with. */
    public static final String JPEG = "image/jpeg";

    private final MediaStorage storage;
    private final Vertx vertx;

    public ThumbnailFiles(MediaStorage storage, Vertx vertx) {
        this.storage = storage;
        this.vertx = vertx;
    }

    /** A thumbnail's JPEG, or ({@code jpeg} null) the store's URL to redirect to. */
    public record StoredThumbnail(byte[] jpeg, URI redirect) {
    }

    /** A thumbnail of the job; {@code caller} null means a signed link already vouched for it. */
    public Uni<StoredThumbnail> read(Caller caller, UUID jobId, UUID thumbnailId) {
        return find(caller, jobId, thumbnailId).chain(thumbnail -> storage.directReadUrl(thumbnail.storageKey, JPEG)
                .map(url -> Uni.createFrom().item(new StoredThumbnail(null, url)))
                .orElseGet(() -> vertx.executeBlocking(Uni.createFrom().item(
                        () -> new StoredThumbnail(bytes(thumbnail.storageKey), null)), false)));
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
