package io.videojobs.storage;

import io.quarkus.runtime.Startup;
import io.videojobs.config.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses the store at run time from {@code video-jobs.storage.type}, and builds it at start-up so that a bucket left
 * unset with {@code type=s3} stops the start rather than the first upload.
 */
@ApplicationScoped
class MediaStorageProducer {

    @Produces
    @ApplicationScoped
    @Startup
    MediaStorage storage(StorageConfig config) {
        return config.type() == StorageConfig.Type.S3 ? new S3MediaStorage(config) : new LocalMediaStorage(config);
    }

    void close(@Disposes MediaStorage storage) throws Exception {
        if (storage instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
