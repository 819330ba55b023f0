package io.videojobs.job;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.videojobs.error.ServiceException;
import io.videojobs.security.Caller;
import io.videojobs.storage.MediaStorage;
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
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Accepts an uploaded video: moves the file Quarkus streamed to disk into storage (on a worker thread),
 * then submits the job. A submission that is refused or replayed leaves no stored file behind.
 */
@ApplicationScoped
public class JobUploads {

    private static final Logger LOG = Logger.getLogger(JobUploads.class);
    private static final int MAX_NAME = 255;

    private final JobSubmissions submissions;
    private final MediaStorage storage;
    private final Vertx vertx;

    public JobUploads(JobSubmissions submissions, MediaStorage storage, Vertx vertx) {
        this.submissions = submissions;
        this.storage = storage;
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
            String key = "uploads/" + UUID.randomUUID();
            storage.put(key, file);
            return new UploadedMedia(key, cleanName(fileName), size, sha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Uni<Void> discard(UploadedMedia upload) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                storage.deletePrefix(upload.storageKey());
            } catch (IOException e) {
                LOG.warnf(e, "Cannot delete unused upload %s", upload.storageKey());
            }
            return (Void) null;
        }), false);
    }

    private static String cleanName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return null;
        }
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
        return name.isEmpty() ? null : name.substring(0, Math.min(MAX_NAME, name.length()));
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
