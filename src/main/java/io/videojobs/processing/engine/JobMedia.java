package io.videojobs.processing.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.videojobs.job.Job;
import io.videojobs.job.JobOptions;
import io.videojobs.processing.media.MediaProbe;
import io.videojobs.processing.run.MediaInfo;
import io.videojobs.processing.run.RunHandle;
import io.videojobs.processing.run.StageFailure;
import io.videojobs.storage.MediaStorage;
import io.videojobs.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What a run works on: the job's source media (stored, or downloaded and stored first), what ffprobe finds
 * in it, the job's options and source name.
 */
@ApplicationScoped
class JobMedia {

    /** The source as a local file; {@code storedKey} is set when this run downloaded and stored it. */
    record Source(Path file, String storedKey) {
    }

    private final SourceFetcher fetcher;
    private final MediaStorage storage;
    private final MediaProbe probe;
    private final ObjectMapper mapper;

    public JobMedia(SourceFetcher fetcher, MediaStorage storage, MediaProbe probe, ObjectMapper mapper) {
        this.fetcher = fetcher;
        this.storage = storage;
        this.probe = probe;
        this.mapper = mapper;
    }

    /**
     * The source as a file in this pass's scratch {@code work}: the stored source (read in place from a local
     * directory, downloaded once from a bucket), or, for a URL job with none stored yet, the URL's download, stored
     * first. Nothing of it outlives the pass, so any replica can run the next one.
     */
    Source source(Job job, Path work, RunHandle handle) throws IOException, StageFailure {
        if (job.mediaKey != null) {
            try {
                return new Source(storage.localFile(job.mediaKey, work.resolve("source")), null);
            } catch (NoSuchFileException e) {
                // lost from the store: a URL job fetches it again below
            }
        }
        if (job.sourceUrl == null) {
            throw StageFailure.fatal("SOURCE_MISSING", "The uploaded source file is no longer stored");
        }
        Path download = work.resolve("download");
        fetcher.download(job.sourceUrl, download, handle);
        String key = StorageKeys.source(job.id);
        return new Source(storage.put(key, download, "application/octet-stream"), key);
    }

    MediaInfo probe(Path media, Path work, RunHandle handle) throws IOException, StageFailure {
        return probe.probe(media, work, handle);
    }

    JobOptions options(Job job) throws IOException {
        return job.optionsJson == null || job.optionsJson.isBlank() ? JobOptions.DEFAULTS
                : mapper.readValue(job.optionsJson, JobOptions.class);
    }

    /** The uploaded file's name, or the last path segment of the source URL. */
    static String sourceName(Job job) {
        if (job.sourceName != null) {
            return job.sourceName;
        }
        if (job.sourceUrl == null) {
            return null;
        }
        String path = URI.create(job.sourceUrl).getRawPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return null;
        }
        return URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    }

}
