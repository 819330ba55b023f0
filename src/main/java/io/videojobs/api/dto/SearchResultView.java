package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.search.SearchHit;
import io.videojobs.security.ThumbnailLinks;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code GET /api/search}: the best matching jobs, best first. */
@RegisterForReflection
@Schema(name = "SearchResult")
public record SearchResultView(@Schema(required = true) String query,
                               @Schema(required = true) List<Hit> items) {

    /** A matching job, as a list shows it, with what matched in it. */
    @RegisterForReflection
    @Schema(name = "SearchHit")
    public record Hit(@Schema(required = true) JobSummary job,
                      @Schema(required = true, description = "Higher is better; only the order means something")
                      double rank,
                      @Schema(required = true, nullable = true, description = "The job's title, with its matches; "
                              + "null when the job has none yet") SnippetView title,
                      @Schema(required = true, nullable = true,
                              description = "A piece of the description around its matches; null when it did not match")
                      SnippetView description,
                      @Schema(required = true, description = "The transcript segments that hold the query's words "
                              + "best (at most 5), in the order they were said") List<Segment> segments,
                      @Schema(required = true, minimum = "0",
                              description = "How many transcript segments hold any of the query's words")
                      int segmentHits) {
    }

    /** A transcript segment that matched: where it is in the video and what was said. */
    @RegisterForReflection
    @Schema(name = "SearchSegment")
    public record Segment(@Schema(required = true, minimum = "0", description = "Index in the transcript's segments")
                          int position,
                          @Schema(required = true, minimum = "0", description = "Open the player here: /jobs/{id}?t=")
                          double startSeconds,
                          @Schema(required = true, minimum = "0") double endSeconds,
                          @Schema(required = true) SnippetView text) {
    }

    public static SearchResultView from(String query, List<SearchHit> hits, ThumbnailLinks links) {
        return new SearchResultView(query, hits.stream().map(hit -> new Hit(JobSummary.from(hit.job(), links),
                hit.rank(), SnippetView.from(hit.title()), SnippetView.from(hit.description()),
                hit.segments().stream().map(segment -> new Segment(segment.position(), segment.startSeconds(),
                        segment.endSeconds(), SnippetView.from(segment.text()))).toList(),
                hit.segmentHits())).toList());
    }
}
