package io.videojobs.job;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.videojobs.error.ServiceException;
import io.videojobs.security.Caller;
import io.videojobs.storage.MediaStorage;
import io.videojobs.storage.StorageKeys;
import io.videojobs.storage.StoredObjectDeletes;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Accepts an uploaded video: moves the file Quarkus streamed to disk into storage (on a worker thread),
 * then submits the job. A submission that is refused or replayed leaves no stored file behind (its delete is
 * recorded and retried while the store is unreachable).
 */
@ApplicationScoped
public class JobUploads {

    private final JobSubmissions submissions;
    private final MediaStorage storage;
    private final StoredObjectDeletes deletes;
    private final Vertx vertx;

    public JobUploads(JobSubmissions submissions, MediaStorage storage, StoredObjectDeletes deletes, Vertx vertx) {
        this.submissions = submissions;
        this.storage = storage;
        this.deletes = deletes;
        this.vertx = vertx;
    }

    public Uni<SubmitResult> submit(Caller caller, Path file, String fileName, SubmitJobCommand request) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> store(file, fileName)), false)
                .chain(upload -> submissions.submit(caller, new SubmitJobCommand(null, request.stages(),
                                request.options(), request.idempotencyKey(), upload))
                        .onFailure().call(() -> discard(upload))
                        .call(result -> result.replayed() ? discard(upload) : Uni.createFrom().voidItem()));
    }

    private UploadedMedia store(Path file, String fileName) {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw ServiceException.invalid("file", "is empty");
            }
            String sha256 = sha256(file);
            String key = StorageKeys.upload(UUID.randomUUID());
            String name = UploadedMedia.cleanName(fileName);
            storage.put(key, file, UploadedMedia.contentType(name));
            return new UploadedMedia(key, name, size, sha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a stored upload no job uses; a store that is unreachable now is tried again until it succeeds. */
    private Uni<Void> discard(UploadedMedia upload) {
        return deletes.delete(List.of(upload.storageKey()));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
