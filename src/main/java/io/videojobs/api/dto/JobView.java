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
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The full job as {@code GET /api/jobs/{job_id}} returns it. {@code video_url} is a signed link to the stored source
 * video (see {@code GET /api/jobs/{job_id}/source}), absent until the source is stored; {@code exports} the signed
 * links to the transcript and chapter files.
 */
@RegisterForReflection
@Schema(name = "Job")
public record JobView(@Schema(required = true) UUID jobId,
                      @Schema(required = true, description = "The token sub that submitted it") String ownerId,
                      @Schema(required = true) JobStatus status,
                      @Schema(required = true, minimum = "0", maximum = "100") int progressPercent,
                      @Schema(description = "Only when the job FAILED")
                      @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage,
                      @Schema(required = true, nullable = true, format = "uri", description = "null for an upload")
                      String sourceUrl,
                      @Schema(required = true) Instant createdAt,
                      @Schema(required = true) Instant updatedAt,
                      @Schema(required = true, nullable = true) Instant startedAt,
                      @Schema(required = true, nullable = true) Instant finishedAt,
                      @Schema(required = true) List<StageView> stages,
                      @Schema(required = true, ref = "JobMetadata") Map<String, JsonNode> metadata,
                      @Schema(required = true) List<ThumbnailView> thumbnails,
                      @Schema(required = true, minimum = "1", description = "seq of the job's last logged event")
                      long lastSeq,
                      @Schema(format = "uri-reference", description = "Signed link to the stored source video")
                      @JsonInclude(JsonInclude.Include.NON_NULL) String videoUrl,
                      @Schema(required = true) ExportLinks exports) {

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
