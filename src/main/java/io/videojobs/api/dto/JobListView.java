package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobPage;
import io.videojobs.security.ThumbnailLinks;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of {@code GET /api/jobs}; pass {@code next_cursor} back as {@code cursor} for the next page. */
@RegisterForReflection
@Schema(name = "JobPage")
public record JobListView(@Schema(required = true) List<JobSummary> items,
                          @Schema(required = true, nullable = true, description = "null on the last page")
                          String nextCursor) {

    public static JobListView from(JobPage page, ThumbnailLinks links) {
        return new JobListView(page.items().stream().map(job -> JobSummary.from(job, links)).toList(),
                page.nextCursor());
    }
}
