package io.videojobs.job;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.videojobs.error.ServiceException;
import io.videojobs.security.Caller;
import io.videojobs.storage.MediaStorage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Finds the stored source video of a job for a caller (or for a verified signed link), so a player can
 * stream it: an upload is stored at submission, a URL's download once processing has fetched it. From a bucket the
 * player is sent to the store itself; from a local directory the service serves the file.
 */
@ApplicationScoped
public class SourceFiles {

    private final MediaStorage storage;
    private final Vertx vertx;

    public SourceFiles(MediaStorage storage, Vertx vertx) {
        this.storage = storage;
        this.vertx = vertx;
    }

    /**
     * A stored source: a local file and its size, or ({@code file} null) a presigned URL of the store to redirect to;
     * and a media type guessed from the source's file name.
     */
    public record StoredSource(Path file, long size, URI redirect, String contentType) {
    }

    /** The job's stored source; {@code caller} null means a signed link already vouched for it. */
    public Uni<StoredSource> find(Caller caller, UUID jobId) {
        return job(caller, jobId).chain(job -> {
            String type = UploadedMedia.contentType(job.sourceName);
            return storage.directReadUrl(job.mediaKey, type)
                    .map(url -> Uni.createFrom().item(new StoredSource(null, -1, url, type)))
                    .orElseGet(() -> vertx.executeBlocking(Uni.createFrom().item(() -> stored(job, type)), false));
        });
    }

    @WithSession
    Uni<Job> job(Caller caller, UUID jobId) {
        return Job.<Job>findById(jobId).map(job -> {
            if (job == null || (caller != null && !caller.canAccess(job.ownerId))) {
                throw ServiceException.notFound("Job");
            }
            if (job.mediaKey == null) {
                throw ServiceException.notFound("Source video");
            }
            return job;
        });
    }

    private StoredSource stored(Job job, String type) {
        try {
            Path file = storage.localFile(job.mediaKey, null);
            return new StoredSource(file, Files.size(file), null, type);
        } catch (NoSuchFileException e) {
            throw ServiceException.notFound("Source video");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
