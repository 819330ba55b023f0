package io.videojobs.search;

import io.videojobs.job.JobStatus;
import java.time.Instant;
import java.util.List;

/**
 * Which jobs a list, a count or a bulk action covers, besides the caller's own-jobs rule: any of these statuses (all
 * when empty), holding this tag, created in {@code [createdFrom, createdTo)}, and matching this text. Null leaves a
 * condition out.
 */
public record JobFilter(List<JobStatus> statuses, String tag, Instant createdFrom, Instant createdTo, TextQuery text) {

    public static final JobFilter ALL = new JobFilter(List.of(), null, null, null, null);

    public JobFilter {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
    }
}
