package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.JobPage;
import io.videojobs.security.ThumbnailLinks;
import java.util.List;

/** A page of {@code GET /api/jobs}; pass {@code next_cursor} back as {@code cursor} for the next page. */
@RegisterForReflection
public record JobListView(List<JobSummary> items, String nextCursor) {

    public static JobListView from(JobPage page, ThumbnailLinks links) {
        return new JobListView(page.jobs().stream()
                .map(job -> JobSummary.from(job, page.firstThumbnails().get(job.id), links)).toList(),
                page.nextCursor());
    }
}
