package io.videojobs.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Blob storage for source media and thumbnails, addressed by opaque keys such as {@code jobs/<id>/source}: a local
 * directory ({@link LocalMediaStorage}) or an S3-compatible bucket ({@link S3MediaStorage}), chosen by
 * {@code video-jobs.storage.type}; both also hold multipart uploads, which resumable direct uploads are made of. Calls block: use them on worker threads only. A missing object is a
 * {@link java.nio.file.NoSuchFileException}; a store that cannot be reached is a {@link StorageUnavailableException}.
 */
public interface MediaStorage {

    /**
     * Stores a file under a key, replacing what was there, and answers a local file with the same content that stays
     * readable until the caller deletes its scratch: the stored file itself in a local directory (the file was moved
     * there), or {@code file} itself after an upload to a bucket.
     */
    Path put(String key, Path file, String contentType) throws IOException;

    /** Opens the object for reading. */
    InputStream open(String key) throws IOException;

    /**
     * A local file with the object's content, for tools such as ffmpeg that need a path: the stored file itself in a
     * local directory, or a download to {@code downloadTo} (a file in the caller's scratch) from a bucket.
     */
    Path localFile(String key, Path downloadTo) throws IOException;

    /** The object's size in bytes. */
    long size(String key) throws IOException;

    /**
     * Where a browser reads the object directly, valid for minutes ({@code Range} works there), served with the given
     * content type; empty when the service serves the object itself (a local directory).
     */
    Optional<URI> directReadUrl(String key, String contentType);

    /** Deletes every object whose key starts with the prefix; missing objects are fine. */
    void deletePrefix(String prefix) throws IOException;

    /** A part of a multipart upload as the store holds it. */
    record StoredPart(int partNumber, long size, String etag) {
    }

    /** Starts a multipart upload of the object {@code key}; answers the store's id of the upload. */
    String startMultipart(String key, String contentType) throws IOException;

    /**
     * Where a client PUTs one part itself, signed and valid for {@code ttl}, with no header needed; empty when the
     * service receives parts itself ({@link #putPart}).
     */
    Optional<URI> partUploadUrl(String key, String uploadId, int partNumber, Duration ttl);

    /** Stores a part the service received itself (a local directory); answers its ETag. */
    String putPart(String key, String uploadId, int partNumber, InputStream content, long length) throws IOException;

    /** The parts stored so far, by part number; a {@link java.nio.file.NoSuchFileException} when there is no such upload. */
    List<StoredPart> parts(String key, String uploadId) throws IOException;

    /** Joins the parts, in order, into the object; the upload is gone afterwards. */
    void completeMultipart(String key, String uploadId, List<StoredPart> parts) throws IOException;

    /** Aborts the upload and removes its parts; an upload already gone is fine. */
    void abortMultipart(String key, String uploadId) throws IOException;

    /** Multipart uploads under {@code prefix} started before {@code before}, as key and upload id, for the abandoned-upload sweep. */
    List<Map.Entry<String, String>> multipartsStartedBefore(String prefix, Instant before) throws IOException;
}
