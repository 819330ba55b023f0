package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.export.ExportFormat;
import io.videojobs.job.JobMetadata;
import io.videojobs.job.MetadataType;
import io.videojobs.security.ThumbnailLinks;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Signed links to the job's exports ({@code GET /api/jobs/{job_id}/transcript.vtt} and the others), each present
 * once its item (TRANSCRIPT or CHAPTERS) is stored; usable without a token, e.g. as a {@code <track src>}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Signed export links; each present once its metadata item is stored")
public record ExportLinks(String transcriptVtt, String transcriptSrt, String transcriptTxt, String transcriptJson,
                          String chaptersVtt) {

    public static ExportLinks from(UUID jobId, List<JobMetadata> metadata, ThumbnailLinks links) {
        boolean transcript = metadata.stream().anyMatch(item -> item.type() == MetadataType.TRANSCRIPT);
        boolean chapters = metadata.stream().anyMatch(item -> item.type() == MetadataType.CHAPTERS);
        return new ExportLinks(
                transcript ? links.signedExportPath(jobId, ExportFormat.TRANSCRIPT_VTT.fileName()) : null,
                transcript ? links.signedExportPath(jobId, ExportFormat.TRANSCRIPT_SRT.fileName()) : null,
                transcript ? links.signedExportPath(jobId, ExportFormat.TRANSCRIPT_TXT.fileName()) : null,
                transcript ? links.signedExportPath(jobId, ExportFormat.TRANSCRIPT_JSON.fileName()) : null,
                chapters ? links.signedExportPath(jobId, ExportFormat.CHAPTERS_VTT.fileName()) : null);
    }
}
