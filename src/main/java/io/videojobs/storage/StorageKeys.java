package io.videojobs.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The storage key layout: everything of a job lives under {@code jobs/<job_id>/}, except a file uploaded before its
 * job existed, which stays under {@code uploads/}.
 */
public final class StorageKeys {

    /** The prefix of every job's objects. */
    public static final String JOBS = "jobs/";
    /** The prefix of files uploaded before their job existed. */
    public static final String UPLOADS = "uploads/";

    private StorageKeys() {
    }

    public static String jobPrefix(UUID jobId) {
        return JOBS + jobId + "/";
    }

    public static String source(UUID jobId) {
        return jobPrefix(jobId) + "source";
    }

    public static String thumbnail(UUID jobId, int position) {
        return jobPrefix(jobId) + "thumbnails/" + position + ".jpg";
    }

    /** A file uploaded before its job is written: with {@code POST /api/jobs}, or a resumable upload. */
    public static String upload(UUID uploadId) {
        return UPLOADS + uploadId;
    }

    /** The prefixes that hold a job's objects: its own, and its source's when that was uploaded elsewhere. */
    public static List<String> ofJob(UUID jobId, String mediaKey) {
        List<String> prefixes = new ArrayList<>(List.of(jobPrefix(jobId)));
        if (mediaKey != null && !mediaKey.startsWith(jobPrefix(jobId))) {
            prefixes.add(mediaKey);
        }
        return prefixes;
    }
}
