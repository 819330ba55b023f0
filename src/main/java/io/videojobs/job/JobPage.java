package io.videojobs.job;

import java.util.List;

/** One page of a job listing, and the cursor of the next page, null on the last one. */
public record JobPage(List<ListedJob> items, String nextCursor) {
}
