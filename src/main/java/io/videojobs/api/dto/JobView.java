package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.Job;
import io.videojobs.job.JobDetails;
import io.videojobs.job.JobMetadata;
import io.videojobs.job.JobStatus;
import io.videojobs.security.ThumbnailLinks;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The full job as {@code GET /api/jobs/{job_id}} returns it. {@code video_url} is a signed link to the stored source
 * video (see {@code GET /api/jobs/{job_id}/source}), absent until the source is stored; {@code exports} the signed
 * links to the transcript and chapter files.
 */
@RegisterForReflection
public record JobView(UUID jobId, String ownerId, JobStatus status, int progressPercent,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage,
                      String sourceUrl, Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt,
                      List<StageView> stages, Map<String, JsonNode> metadata, List<ThumbnailView> thumbnails,
                      long lastSeq, @JsonInclude(JsonInclude.Include.NON_NULL) String videoUrl, ExportLinks exports) {

    public static JobView from(JobDetails details, ObjectMapper mapper, ThumbnailLinks links) {
        Job job = details.job();
        Map<String, JsonNode> metadata = new LinkedHashMap<>();
        details.metadata().stream()
                .sorted((a, b) -> a.type().compareTo(b.type()))
                .forEach(item -> metadata.put(item.type().name(), content(item, mapper)));
        return new JobView(job.id, job.ownerId, job.status, job.progressPercent, job.errorMessage, job.sourceUrl,
                job.createdAt, job.updatedAt, job.startedAt, job.finishedAt,
                details.stages().stream().map(StageView::from).toList(),
                metadata,
                details.thumbnails().stream().map(thumbnail -> ThumbnailView.from(thumbnail, links)).toList(),
                job.lastSeq, job.mediaKey == null ? null : links.signedSourcePath(job.id),
                ExportLinks.from(job.id, details.metadata(), links));
    }

    private static JsonNode content(JobMetadata item, ObjectMapper mapper) {
        try {
            return mapper.readTree(item.contentJson);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
