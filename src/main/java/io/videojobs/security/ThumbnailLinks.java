package io.videojobs.security;

import io.videojobs.config.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Signed, short-lived media links: {@code /api/jobs/<job>/thumbnails/<id>?expires=<epoch s>&signature=<HMAC>} and
 * {@code /api/jobs/<job>/source?expires=...&signature=...}, and the transcript and chapter exports such as
 * {@code /api/jobs/<job>/transcript.vtt?expires=...&signature=...}; and the part URLs of resumable uploads with local
 * storage, {@code /api/uploads/<upload>/parts/<n>?expires=...&signature=...}. An {@code <img>}, {@code <video>} or {@code <track>}
 * tag can load one without a bearer token; the same paths also serve the owner with a token.
 */
@ApplicationScoped
public class ThumbnailLinks {

    private static final Logger LOG = Logger.getLogger(ThumbnailLinks.class);
    private static final String ALGORITHM = "HmacSHA256";

    /** Initialised once with the key; each signature uses a clone, which skips the provider lookup and key set-up. */
    private final Mac signer;
    private final long ttlSeconds;
    private final Clock clock;

    public ThumbnailLinks(StorageConfig config) {
        this.ttlSeconds = config.signedUrlTtl().toSeconds();
        this.clock = Clock.systemUTC();
        byte[] key;
        if (config.urlSigningKey().isPresent()) {
            key = config.urlSigningKey().get().getBytes(StandardCharsets.UTF_8);
        } else {
            LOG.warn("video-jobs.storage.url-signing-key is not set: signed thumbnail links only work on this "
                    + "instance until it restarts");
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
        try {
            this.signer = Mac.getInstance(ALGORITHM);
            this.signer.init(new SecretKeySpec(key, ALGORITHM));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("Cannot sign media links", e);
        }
    }

    /** The path of a thumbnail, signed to work without a token until the configured TTL has passed. */
    public String signedPath(UUID jobId, UUID thumbnailId) {
        long expires = clock.instant().getEpochSecond() + ttlSeconds;
        return path(jobId, thumbnailId) + "?expires=" + expires + "&signature=" + sign(jobId + "/" + thumbnailId, expires);
    }

    /** The path of the job's stored source video, signed like a thumbnail's. */
    public String signedSourcePath(UUID jobId) {
        long expires = clock.instant().getEpochSecond() + ttlSeconds;
        return sourcePath(jobId) + "?expires=" + expires + "&signature=" + sign(jobId + "/source", expires);
    }

    /** The path of an export of the job ({@code fileName} such as {@code transcript.vtt}), signed like a thumbnail's. */
    public String signedExportPath(UUID jobId, String fileName) {
        long expires = clock.instant().getEpochSecond() + ttlSeconds;
        return "/api/jobs/" + jobId + "/" + fileName + "?expires=" + expires + "&signature="
                + sign(jobId + "/" + fileName, expires);
    }

    /**
     * The service's own URL for one part of a resumable upload (local storage), signed until {@code expires} like a
     * presigned S3 UploadPart URL: the signature covers the upload and the part number.
     */
    public String signedUploadPartPath(UUID uploadId, int partNumber, Instant expires) {
        long epoch = expires.getEpochSecond();
        return "/api/uploads/" + uploadId + "/parts/" + partNumber + "?expires=" + epoch + "&signature="
                + sign(uploadPartSubject(uploadId, partNumber), epoch);
    }

    /** Whether an upload part URL's signature is ours, for this part of this upload, and has not expired. */
    public boolean verifyUploadPart(UUID uploadId, int partNumber, long expires, String signature) {
        return verify(uploadPartSubject(uploadId, partNumber), expires, signature);
    }

    private static String uploadPartSubject(UUID uploadId, int partNumber) {
        return "upload/" + uploadId + "/part/" + partNumber;
    }

    public static String sourcePath(UUID jobId) {
        return "/api/jobs/" + jobId + "/source";
    }

    public static String path(UUID jobId, UUID thumbnailId) {
        return "/api/jobs/" + jobId + "/thumbnails/" + thumbnailId;
    }

    /** Whether a link's signature is ours and has not expired. */
    public boolean verify(UUID jobId, UUID thumbnailId, long expires, String signature) {
        return verify(jobId + "/" + thumbnailId, expires, signature);
    }

    /** Whether a source link's signature is ours and has not expired. */
    public boolean verifySource(UUID jobId, long expires, String signature) {
        return verify(jobId + "/source", expires, signature);
    }

    /** Whether an export link's signature is ours, for this file of this job, and has not expired. */
    public boolean verifyExport(UUID jobId, String fileName, long expires, String signature) {
        return verify(jobId + "/" + fileName, expires, signature);
    }

    private boolean verify(String subject, long expires, String signature) {
        if (signature == null || expires < clock.instant().getEpochSecond()) {
            return false;
        }
        byte[] expected = sign(subject, expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A thumbnail's subject is {@code <job>/<thumbnail uuid>}, a source's {@code <job>/source}, an export's
     * {@code <job>/<file name>} (which has a dot), an upload part's {@code upload/<upload>/part/<n>}: they never collide.
     */
    private String sign(String subject, long expires) {
        try {
            byte[] digest = ((Mac) signer.clone()).doFinal((subject + "/" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("Cannot sign media links", e);
        }
    }
}
