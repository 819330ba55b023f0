package io.videojobs.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.config.SearchConfig;
import io.videojobs.job.JsonText;
import io.videojobs.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text search over the caller's jobs (every job for an admin). A job matches when its search document (title,
 * tags, description and the whole transcript, {@code job_search_documents}) holds every term of the query, found as
 * {@link TextMatch} says. The work is bounded whatever the query: at most {@link SearchConfig#maxMatches()} matches
 * are considered; all of those are ranked by their title, tags and description (small vectors kept in the row), and
 * only the best {@link SearchConfig#rankedJobs()} of them, then the newest, also by what was said, which means reading
 * their whole document. A job's rank is its written rank (title over tags over description, through the weights of
 * its vector) plus what was said, capped so a long talk does not bury a title hit. Segments and snippets are made for
 * the page's jobs only: each hit's segments that hold any term of the query, its best five shown. One statement; its
 * query values are computed once, not per row as a generic plan would otherwise do.
 */
@ApplicationScoped
public class JobSearch {

    /** Transcript segments a hit shows, its best ones, in the order they were said. */
    static final int SEGMENTS_PER_HIT = 5;
    /** How much the transcript may add to a job's rank: about five times the word said, half a title hit. */
    private static final double SPOKEN_RANK_CAP = 0.5;
    /** ts_rank_cd weights {D, C, B, A} that count the transcript (D, 0.1 as by default) and nothing else. */
    private static final String SPOKEN_ONLY = "'{0.1, 0, 0, 0}'";

    private static final String MARKS = Snippet.MARK_OPTIONS;
    private static final String SEARCH = """
            WITH words AS MATERIALIZED (SELECT to_tsquery('english', $2) AS words),
            matched AS (
                SELECT d.job_id, d.created_at, d.written, d.document, q.terms
                  FROM (%1$s) q, job_search_documents d
                 WHERE %2$s
                 LIMIT $4
            ),
            candidates AS (
                SELECT m.job_id, m.created_at, m.written, m.document, m.terms,
                       CASE WHEN m.written @@ m.terms THEN ts_rank_cd(m.written, m.terms) ELSE 0 END AS written_rank
                  FROM matched m
                 ORDER BY written_rank DESC, m.created_at DESC
                 LIMIT $5
            ),
            ranked AS (
                SELECT c.job_id, c.created_at, c.written,
                       (c.written_rank + least(ts_rank_cd(%3$s, c.document, c.terms), %4$s))::float8 AS rank
                  FROM candidates c
                 ORDER BY rank DESC, c.created_at DESC, c.job_id DESC
                 LIMIT $3
            )
            SELECT %5$s, r.rank, coalesce(said.hits, 0)::int AS segment_hits, said.segments,
                   CASE WHEN ts_filter(r.written, '{a}') @@ w.words
                        THEN ts_headline('english', %6$s, w.words, %7$s || ', HighlightAll=true')
                        ELSE %6$s END AS title_headline,
                   CASE WHEN ts_filter(r.written, '{c}') @@ w.words
                        THEN (SELECT ts_headline('english', %8$s, w.words, %7$s || ', MaxWords=30, MinWords=12')
                                FROM job_metadata m
                               WHERE m.job_id = j.id AND m.metadata_type = 'DESCRIPTION') END AS description_headline
              FROM words w, ranked r
              JOIN jobs j ON j.id = r.job_id
              %9$s
              LEFT JOIN LATERAL (
                  SELECT count(*) AS hits,
                         (json_agg(json_build_object('position', s.position, 'start_seconds', s.start_seconds,
                                      'end_seconds', s.end_seconds,
                                      'headline', ts_headline('english', %10$s, w.words, %7$s || ', HighlightAll=true'))
                                   ORDER BY s.start_seconds, s.position) FILTER (WHERE s.best <= %11$s))::text AS segments
                    FROM (SELECT s.position, s.start_seconds, s.end_seconds, s.text,
                                 row_number() OVER (ORDER BY ts_rank_cd(s.document, w.words) DESC, s.position) AS best
                            FROM job_transcript_segments s
                           WHERE s.job_id = j.id AND s.document @@ w.words) s
              ) said ON true
             ORDER BY r.rank DESC, r.created_at DESC, r.job_id DESC""";
    private static final String OWN = statement("$6");
    /** An admin's: everyone's jobs. */
    private static final String EVERYONE = statement(null);

    private final Pool pool;
    private final JsonText json;
    private final SearchConfig config;

    public JobSearch(Pool pool, JsonText json, SearchConfig config) {
        this.pool = pool;
        this.json = json;
        this.config = config;
    }

    /** The statement for the jobs of this owner (SQL), or everyone's (null). */
    private static String statement(String owner) {
        return SEARCH.formatted(TextMatch.query("to_tsquery('english', $1)", owner), TextMatch.condition(owner),
                SPOKEN_ONLY, SPOKEN_RANK_CAP, JobFinder.LISTED_COLUMNS, Snippet.SANITIZE.formatted("j.title"), MARKS,
                Snippet.SANITIZE.formatted("job_metadata_text(m.content_json)"), JobFinder.FIRST_THUMBNAIL,
                Snippet.SANITIZE.formatted("s.text"), SEGMENTS_PER_HIT);
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

    Tuple params(Caller caller, TextQuery query, int limit) {
        Tuple params = Tuple.of(query.tsquery(), query.anyTerm(), limit, config.maxMatches(), config.rankedJobs());
        return caller.admin() ? params : params.addString(caller.userId());
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
