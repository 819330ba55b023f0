package io.videojobs.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.job.JsonText;
import io.videojobs.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text search over the caller's jobs (every job for an admin): a job matches when its title, tags and
 * description hold the query, or when one transcript segment does. Jobs are ranked by where the words are (title
 * over tags over description, each through the weights of {@code jobs.document}), plus what was said, capped so a
 * long talk does not bury a title hit; each hit carries its best segments with their start times. One statement,
 * whose two text conditions each read one GIN index on {@code (owner_id, document)}.
 */
@ApplicationScoped
public class JobSearch {

    /** Transcript segments a hit shows, its best ones, in the order they were said. */
    static final int SEGMENTS_PER_HIT = 5;
    /** How much the transcript may add to a job's rank: about two segments saying the word, half a title hit. */
    private static final double SPOKEN_RANK_CAP = 0.5;

    private static final String QUERY = "to_tsquery('english', $1)";
    private static final String MARKS = Snippet.MARK_OPTIONS;
    private static final String SEARCH = """
            WITH segs AS (
                SELECT s.job_id, s.position, s.start_seconds, s.end_seconds, s.text,
                       ts_rank_cd(s.document, %1$s) AS rank
                  FROM job_transcript_segments s
                 WHERE %2$s s.document @@ %1$s
            ),
            spoken AS (SELECT job_id, sum(rank) AS rank, count(*) AS hits FROM segs GROUP BY job_id),
            written AS (
                SELECT j.id AS job_id, ts_rank_cd(j.document, %1$s) AS rank
                  FROM jobs j
                 WHERE %3$s j.document @@ %1$s
            ),
            ranked AS (
                SELECT coalesce(w.job_id, s.job_id) AS job_id, coalesce(s.hits, 0)::int AS segment_hits,
                       (coalesce(w.rank, 0) + least(coalesce(s.rank, 0), %4$s))::float8 AS rank
                  FROM written w FULL JOIN spoken s ON s.job_id = w.job_id
                 ORDER BY rank DESC, job_id
                 LIMIT $2
            )
            SELECT %5$s, r.rank, r.segment_hits,
                   ts_headline('english', %6$s, %1$s, %7$s || ', HighlightAll=true') AS title_headline,
                   (SELECT ts_headline('english', %8$s, %1$s, %7$s || ', MaxWords=30, MinWords=12')
                      FROM job_metadata m
                     WHERE m.job_id = j.id AND m.metadata_type = 'DESCRIPTION') AS description_headline,
                   (SELECT json_agg(json_build_object(
                               'position', b.position, 'start_seconds', b.start_seconds, 'end_seconds', b.end_seconds,
                               'headline', ts_headline('english', %9$s, %1$s, %7$s || ', HighlightAll=true'))
                               ORDER BY b.start_seconds, b.position)::text
                      FROM (SELECT * FROM segs WHERE segs.job_id = j.id
                             ORDER BY segs.rank DESC, segs.position LIMIT %10$s) b) AS segments
              FROM ranked r
              JOIN jobs j ON j.id = r.job_id
              %11$s
             ORDER BY r.rank DESC, j.id""";
    private static final String OWN = SEARCH.formatted(QUERY, "s.owner_id = $3 AND", "j.owner_id = $3 AND",
            SPOKEN_RANK_CAP, JobFinder.LISTED_COLUMNS, Snippet.SANITIZE.formatted("j.title"), MARKS,
            Snippet.SANITIZE.formatted("job_metadata_text(m.content_json)"), Snippet.SANITIZE.formatted("b.text"),
            SEGMENTS_PER_HIT, JobFinder.FIRST_THUMBNAIL);
    /** An admin's: no owner condition. */
    private static final String EVERYONE = SEARCH.formatted(QUERY, "", "",
            SPOKEN_RANK_CAP, JobFinder.LISTED_COLUMNS, Snippet.SANITIZE.formatted("j.title"), MARKS,
            Snippet.SANITIZE.formatted("job_metadata_text(m.content_json)"), Snippet.SANITIZE.formatted("b.text"),
            SEGMENTS_PER_HIT, JobFinder.FIRST_THUMBNAIL);

    private final Pool pool;
    private final JsonText json;

    public JobSearch(Pool pool, JsonText json) {
        this.pool = pool;
        this.json = json;
    }

    /** The best {@code limit} matching jobs, best first. */
    public Uni<List<SearchHit>> search(Caller caller, TextQuery query, int limit) {
        return pool.preparedQuery(sql(caller)).execute(params(caller, query, limit)).map(rows -> {
            List<SearchHit> hits = new ArrayList<>();
            for (Row row : rows) {
                hits.add(hit(row));
            }
            return hits;
        });
    }

    /** The statement for this caller: an admin's has no owner condition. */
    static String sql(Caller caller) {
        return caller.admin() ? EVERYONE : OWN;
    }

    static Tuple params(Caller caller, TextQuery query, int limit) {
        return caller.admin() ? Tuple.of(query.tsquery(), limit) : Tuple.of(query.tsquery(), limit, caller.userId());
    }

    private SearchHit hit(Row row) {
        Snippet description = Snippet.fromHeadline(row.getString("description_headline"));
        List<SearchHit.SegmentHit> segments = new ArrayList<>();
        String segmentJson = row.getString("segments");
        if (segmentJson != null) {
            for (JsonNode segment : json.read(segmentJson)) {
                segments.add(new SearchHit.SegmentHit(segment.path("position").asInt(),
                        segment.path("start_seconds").asDouble(), segment.path("end_seconds").asDouble(),
                        Snippet.fromHeadline(segment.path("headline").asText())));
            }
        }
        return new SearchHit(JobFinder.listed(row), row.getDouble("rank"),
                Snippet.fromHeadline(row.getString("title_headline")),
                description == null || description.matches().isEmpty() ? null : description,
                segments, row.getInteger("segment_hits"));
    }
}
