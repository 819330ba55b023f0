package io.videojobs.job;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One page of a job listing, the first thumbnail of each listed job that has one (for a preview), and the
 * cursor of the next page, null on the last one.
 */
public record JobPage(List<Job> jobs, Map<UUID, JobThumbnail> firstThumbnails, String nextCursor) {
}
