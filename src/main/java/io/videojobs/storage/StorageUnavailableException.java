package io.videojobs.storage;

import java.io.IOException;

/**
 * The storage backend cannot be reached right now (a store that went away, not a missing object). The engine
 * treats it as an outage: the job waits and resumes, and no attempt is used up.
 */
public class StorageUnavailableException extends IOException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
