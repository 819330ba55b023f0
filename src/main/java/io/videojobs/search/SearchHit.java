package io.videojobs.search;

import io.videojobs.job.ListedJob;
import java.util.List;

/**
 * A job that matched a search: the job as a list shows it, its rank (higher is better; only the order means
 * something), its title and, when it matched, a piece of its description as snippets, and its best matching
 * transcript segments among {@code segmentHits}.
 */
public record SearchHit(ListedJob job, double rank, Snippet title, Snippet description, List<SegmentHit> segments,
                        int segmentHits) {

    /** A transcript segment that matched, where it is in the video, and its text as a snippet. */
    public record SegmentHit(int position, double startSeconds, double endSeconds, Snippet text) {
    }
}
