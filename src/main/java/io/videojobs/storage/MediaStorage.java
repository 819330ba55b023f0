package io.videojobs.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Blob storage for source media and thumbnails, addressed by opaque keys such as {@code jobs/<id>/source}.
 * Calls block: use them on worker threads only. An S3-compatible store can implement it by mapping keys
 * to object names and {@link #localFile} to a download into a cache.
 */
public interface MediaStorage {

    /** Stores a file under a key, replacing what was there; the file is moved when it can be. */
    void put(String key, Path file) throws IOException;

    /** Whether an object exists under the key. */
    boolean exists(String key) throws IOException;

    /** Opens the object for reading. */
    InputStream open(String key) throws IOException;

    /** A local file with the object's content, for tools such as ffmpeg that need a path. */
    Path localFile(String key) throws IOException;

    /** Deletes every object whose key starts with the prefix; missing objects are fine. */
    void deletePrefix(String prefix) throws IOException;
}
