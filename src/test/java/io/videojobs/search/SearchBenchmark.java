package io.videojobs.search;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.job.JobStatus;
import io.videojobs.security.Caller;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Search and the filtered list at scale: {@code bench.jobs} jobs (100,000) over {@code bench.owners} owners (100),
 * each with a title, tags, a description and a transcript of about {@code bench.words} words (300) in segments of
 * 15, written through the same triggers as real metadata. Words come from a 5,000-word made-up vocabulary with a
 * skewed frequency (a few words are in most transcripts, most are rare), as in speech. Then, for
 * {@code bench.seconds} (30) each, {@code bench.clients} (8) concurrent clients, each a different owner:
 * <ul>
 *   <li>search with a fixed mix of one-word, two-word, phrase and prefix queries over common, middling and rare
 *       words; p50, p99 and throughput per kind and overall (target: p99 at most 50 ms on a quiet machine);</li>
 *   <li>the list with each filter (status, tag, created range, text) and with none;</li>
 * </ul>
 * and {@code EXPLAIN (ANALYZE, BUFFERS)} of the same statements for one owner. Not part of the default test run:
 * {@code ./mvnw test -Dtest=SearchBenchmark [-Dbench.jobs=5000 -Dbench.seconds=5 -Dbench.warmup=10]}, after a
 * warm-up of the whole mix ({@code bench.warmup} seconds, 10). Run it on a quiet machine.
 */
@QuarkusTest
class SearchBenchmark {

    private static final int JOBS = Integer.getInteger("bench.jobs", 100_000);
    private static final int OWNERS = Integer.getInteger("bench.owners", 100);
    private static final int WORDS = Integer.getInteger("bench.words", 300);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 10);
    private static final int VOCABULARY = 5_000;
    private static final String OWNER_PREFIX = "bench-search-" + JOBS + "-" + OWNERS + "-";
    private static final String[] SYLLABLES = {"ba", "ko", "ri", "tu", "me", "la", "no", "si", "da", "fe", "gu", "pi",
            "zo", "ve", "ha", "mu"};

    @Inject
    Pool pool;

    @TestHTTPResource("/")
    URL root;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void searchAndTheFilteredListAtScale() throws Exception {
        seed();
        pool.query("ANALYZE jobs").executeAndAwait();
        pool.query("ANALYZE job_transcript_segments").executeAndAwait();

        Map<String, List<String>> searches = new LinkedHashMap<>();
        searches.put("one word (common)", List.of(word(3), word(10), word(25)));
        searches.put("one word (rare)", List.of(word(900), word(2500), word(4000)));
        searches.put("two words", List.of(word(5) + " " + word(40), word(12) + " " + word(300),
                word(60) + " " + word(700)));
        searches.put("phrase", List.of("\"" + word(2) + " " + word(7) + "\"", "\"" + word(30) + " " + word(8) + "\"",
                "\"" + word(15) + " " + word(90) + "\""));
        searches.put("prefix", List.of(word(20).substring(0, 4) + "*", word(200).substring(0, 5) + "*",
                word(1500).substring(0, 4) + "*"));
        List<String> warmup = new ArrayList<>();
        searches.values().forEach(queries -> queries.forEach(q -> warmup.add(
                "/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))));
        warmup.add("/api/jobs?limit=20&q=" + word(3));
        run(warmup, WARMUP);
        System.out.printf(Locale.ROOT, "%n== search: %d jobs, %d owners, %d clients, %d s per kind after %d s of "
                + "warm-up ==%n", JOBS, OWNERS, CLIENTS, SECONDS, WARMUP);
        List<Long> all = new ArrayList<>();
        for (Map.Entry<String, List<String>> kind : searches.entrySet()) {
            List<String> paths = kind.getValue().stream()
                    .map(q -> "/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).toList();
            all.addAll(measure(kind.getKey(), paths));
        }
        print("search, all kinds", all, SECONDS * searches.size());

        Instant middle = Instant.parse("2026-06-01T00:00:00Z");
        Map<String, String> lists = new LinkedHashMap<>();
        lists.put("list, no filter", "/api/jobs?limit=20");
        lists.put("list, status=FAILED&status=CANCELLED", "/api/jobs?limit=20&status=FAILED&status=CANCELLED");
        lists.put("list, tag", "/api/jobs?limit=20&tag=" + word(50));
        lists.put("list, created from/to", "/api/jobs?limit=20&created_from=" + middle + "&created_to="
                + middle.plus(Duration.ofDays(7)));
        lists.put("list, q (rare word)", "/api/jobs?limit=20&q=" + word(2500));
        lists.put("list, q (common word)", "/api/jobs?limit=20&q=" + word(3));
        System.out.printf(Locale.ROOT, "%n== list ==%n");
        for (Map.Entry<String, String> list : lists.entrySet()) {
            measure(list.getKey(), List.of(list.getValue()));
        }

        System.out.printf(Locale.ROOT, "%n== EXPLAIN ANALYZE, owner %s0 ==%n", OWNER_PREFIX);
        Caller owner = new Caller(OWNER_PREFIX + 0, false);
        for (Map.Entry<String, List<String>> kind : searches.entrySet()) {
            TextQuery query = TextQuery.parse("q", kind.getValue().get(0));
            explain("search, " + kind.getKey() + ": " + query.text(), JobSearch.sql(owner),
                    JobSearch.params(owner, query, 20));
        }
        explain("list, status", new JobConditions(owner, new JobFilter(List.of(JobStatus.FAILED, JobStatus.CANCELLED),
                null, null, null, null)));
        explain("list, tag", new JobConditions(owner, new JobFilter(List.of(), word(50), null, null, null)));
        explain("list, created from/to", new JobConditions(owner, new JobFilter(List.of(), null, middle,
                middle.plus(Duration.ofDays(7)), null)));
        explain("list, q (rare word)", new JobConditions(owner, new JobFilter(List.of(), null, null, null,
                TextQuery.parse("q", word(2500)))));
        explain("list, q (common word)", new JobConditions(owner, new JobFilter(List.of(), null, null, null,
                TextQuery.parse("q", word(3)))));
    }

    /** The vocabulary's word of this rank (0 is the most frequent). */
    static String word(int rank) {
        StringBuilder word = new StringBuilder();
        int n = rank + 16 * 16;
        while (n > 0) {
            word.append(SYLLABLES[n % SYLLABLES.length]);
            n /= SYLLABLES.length;
        }
        return word.append("x").toString();
    }

    /** Writes the data set (the test database is new at each start): jobs, then their metadata through the triggers. */
    private void seed() {
        long started = System.nanoTime();
        String[] vocabulary = new String[VOCABULARY];
        Arrays.setAll(vocabulary, SearchBenchmark::word);
        int batch = 1_000;
        for (int from = 0; from < JOBS; from += batch) {
            int to = Math.min(JOBS, from + batch);
            pool.preparedQuery(SEED).executeAndAwait(Tuple.tuple().addInteger(from).addInteger(to)
                    .addString(OWNER_PREFIX).addInteger(OWNERS).addInteger(WORDS).addArrayOfString(vocabulary)
                    .addInteger(JOBS));
            if ((to / batch) % 10 == 0 || to == JOBS) {
                System.out.printf(Locale.ROOT, "seeded %d of %d jobs (%.0f s)%n", to, JOBS,
                        (System.nanoTime() - started) / 1e9);
            }
        }
    }

    /**
     * One batch of jobs [$1, $2) of $7: owner i % $4, a status by i, creation times spread over 2026, and their TITLE,
     * TAGS, DESCRIPTION and TRANSCRIPT (segments of 15 words); word ranks are skewed with random()^3.
     */
    private static final String SEED = """
            WITH numbers AS (SELECT i FROM generate_series($1::int, $2::int - 1) AS i),
            vocab AS (SELECT $6::text[] AS words),
            inserted AS (
                INSERT INTO jobs (id, owner_id, status, progress_percent, source_url, options_json, last_seq,
                                  created_at, updated_at)
                SELECT md5($3 || i)::uuid, $3 || (i % $4),
                       CASE i % 10 WHEN 0 THEN 'FAILED' WHEN 1 THEN 'CANCELLED' ELSE 'COMPLETED' END,
                       100, 'https://videos.example.com/' || i || '.mp4', '{}', 1,
                       timestamptz '2026-01-01' + i * (interval '1 year' / $7::int), timestamptz '2026-01-01'
                  FROM numbers
                RETURNING id
            ),
            texts AS (
                SELECT md5($3 || i)::uuid AS job_id, i,
                       (SELECT string_agg(v.words[1 + floor(5000 * random() ^ 3)::int], ' ')
                          FROM vocab v, generate_series(1, 4) WHERE i >= 0) AS title,
                       (SELECT string_agg(v.words[1 + floor(5000 * random() ^ 3)::int], ' ')
                          FROM vocab v, generate_series(1, 30) WHERE i >= 0) AS description,
                       (SELECT json_agg(v.words[1 + floor(5000 * random() ^ 2)::int])
                          FROM vocab v, generate_series(1, 3) WHERE i >= 0) AS tags,
                       (SELECT json_agg(json_build_object('start_seconds', s * 6, 'end_seconds', s * 6 + 6,
                                   'text', (SELECT string_agg(v.words[1 + floor(5000 * random() ^ 3)::int], ' ')
                                              FROM vocab v, generate_series(1, 15) WHERE s >= 0)))
                          FROM generate_series(0, $5::int / 15 - 1) AS s WHERE i >= 0) AS segments
                  FROM numbers
            )
            INSERT INTO job_metadata (job_id, metadata_type, content_json, edited_by_user, updated_at)
            SELECT t.job_id, m.type, m.content, false, now()
              FROM texts t
              JOIN inserted ON inserted.id = t.job_id
             CROSS JOIN LATERAL (VALUES ('TITLE', to_json(t.title)::text),
                                        ('DESCRIPTION', to_json(t.description)::text),
                                        ('TAGS', t.tags::text),
                                        ('TRANSCRIPT', json_build_object('source', 'SPEECH_RECOGNITION',
                                             'segments', t.segments, 'confidence', 0.9)::text)) AS m (type, content)
            """;

    /** Runs the paths round robin with CLIENTS clients (each a different owner) for SECONDS; prints the figures. */
    private List<Long> measure(String name, List<String> paths) throws Exception {
        List<Long> latencies = run(paths, SECONDS);
        print(name, latencies, SECONDS);
        return latencies;
    }

    /** The latencies of the paths run round robin by CLIENTS clients, each a different owner, for {@code seconds}. */
    private List<Long> run(List<String> paths, int seconds) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            for (int c = 0; c < CLIENTS; c++) {
                String token = TestTokens.user(OWNER_PREFIX + (c % OWNERS));
                results.add(clients.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    for (int n = 0; System.nanoTime() < end; n++) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + root.getPort()
                                + paths.get(n % paths.size()))).header("Authorization", "Bearer " + token).build();
                        long start = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - start;
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(request.uri() + ": " + response.statusCode() + " "
                                    + response.body());
                        }
                        latencies.add(took);
                    }
                    return latencies;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get());
            }
            return all;
        } finally {
            clients.shutdownNow();
        }
    }

    private static void print(String name, List<Long> latencies, int seconds) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-40s %8d req %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", name,
                sorted.length, sorted.length / (double) seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private void explain(String name, JobConditions where) {
        explain(name, JobFinder.pageSql(where, 21), where.params());
    }

    private void explain(String name, String sql, Tuple params) {
        System.out.printf(Locale.ROOT, "%n-- %s%n", name);
        for (Row row : pool.preparedQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql).executeAndAwait(params)) {
            System.out.println(row.getString(0));
        }
    }
}
