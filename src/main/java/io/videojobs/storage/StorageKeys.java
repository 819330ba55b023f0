package io.videojobs.storage;

import java.util.UUID;

/** The storage key layout: everything of a job lives under {@code jobs/<job_id>/}. */
public final class StorageKeys {

    private StorageKeys() {
    }

    public static String jobPrefix(UUID jobId) {
        return "jobs/" + jobId + "/";
    }

    public static String source(UUID jobId) {
        return jobPrefix(jobId) + "source";
    }

    public static String thumbnail(UUID jobId, int position) {
        return jobPrefix(jobId) + "thumbnails/" + position + ".jpg";
    }
}
