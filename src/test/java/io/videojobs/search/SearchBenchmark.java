package io.videojobs.search;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.job.JobStatus;
import io.videojobs.security.Caller;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Search and the filtered list at scale: {@code bench.jobs} jobs (100,000) over {@code bench.owners} owners (100),
 * each with a title, tags, a description and a transcript of about {@code bench.words} words (300) in segments of
 * 15, written through the same triggers as real metadata. Words come from a 5,000-word made-up vocabulary with a
 * skewed frequency (a few words are in most transcripts, most are rare), as in speech. Then, after a warm-up of the
 * whole mix ({@code bench.warmup} seconds, 10), {@code bench.clients} (8) concurrent clients, each a different owner,
 * over HTTP:
 * <ul>
 *   <li>the list with each filter (several statuses, a tag, a created range, text) and with none, for
 *       {@code bench.list-seconds} (5) each; the list with no filter is the baseline printed beside search;</li>
 *   <li>search with a fixed mix of one-word, two-word, phrase and prefix queries over common, middling and rare
 *       words, for {@code bench.seconds} (15) per kind; p50, p99 and throughput per kind and overall (target: p99 at
 *       most 50 ms on a quiet machine);</li>
 * </ul>
 * then {@code EXPLAIN (ANALYZE, BUFFERS)} of each of those statements for one owner, with the plan PostgreSQL's plan
 * cache settles on, as for the service. It prints the load average with each section. Not part of the default test
 * run: {@code ./mvnw test -Dtest=SearchBenchmark [-Dbench.jobs=20000 -Dbench.owners=20 -Dbench.seconds=5]}.
 */
@QuarkusTest
class SearchBenchmark {

    private static final int JOBS = Integer.getInteger("bench.jobs", 100_000);
    private static final int OWNERS = Integer.getInteger("bench.owners", 100);
    private static final int WORDS = Integer.getInteger("bench.words", 300);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    private static final int LIST_SECONDS = Integer.getInteger("bench.list-seconds", 5);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 10);
    private static final int VOCABULARY = 5_000;
    /** Seeding batches written at the same time: one per core of the 2-core machine. */
    private static final int SEED_BATCHES = 2;
    /** Clock ticks per second of {@code /proc/<pid>/stat}. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final String OWNER_PREFIX = "bench-search-" + JOBS + "-" + OWNERS + "-";
    /** Plan lines left out of the printed plans: how sorts and hashes used memory. */
    private static final Pattern EXPLAIN_NOISE = Pattern.compile("^\\s*(Sort Method|Buckets|Memory Usage|Batches):");
    private static final String[] SYLLABLES = {"ba", "ko", "ri", "tu", "me", "la", "no", "si", "da", "fe", "gu", "pi",
            "zo", "ve", "ha", "mu"};

    @Inject
    Pool pool;

    @Inject
    JobSearch search;

    @TestHTTPResource("/")
    URL root;

    /** PostgreSQL's postmaster, whose CPU and its children's each phase reads. */
    private long postmaster;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void searchAndTheFilteredListAtScale() throws Exception {
        seed();

        Map<String, List<String>> searches = new LinkedHashMap<>();
        searches.put("one word (common)", List.of(word(3), word(10), word(25)));
        searches.put("one word (rare)", List.of(word(900), word(2500), word(4000)));
        searches.put("two words", List.of(word(5) + " " + word(40), word(12) + " " + word(300),
                word(60) + " " + word(700)));
        searches.put("phrase", List.of("\"" + word(2) + " " + word(7) + "\"", "\"" + word(30) + " " + word(8) + "\"",
                "\"" + word(15) + " " + word(90) + "\""));
        searches.put("prefix", List.of(word(20).substring(0, 4) + "*", word(200).substring(0, 5) + "*",
                word(1500).substring(0, 4) + "*"));
        Instant middle = Instant.parse("2026-06-01T00:00:00Z");
        Map<String, JobFilter> filters = new LinkedHashMap<>();
        filters.put("no filter", JobFilter.ALL);
        filters.put("status=FAILED&status=CANCELLED", new JobFilter(List.of(JobStatus.FAILED, JobStatus.CANCELLED),
                null, null, null, null));
        filters.put("tag", new JobFilter(List.of(), word(50), null, null, null));
        filters.put("created from/to", new JobFilter(List.of(), null, middle, middle.plus(Duration.ofDays(7)), null));
        filters.put("q (rare word)", new JobFilter(List.of(), null, null, null, TextQuery.parse("q", word(2500))));
        filters.put("q (common word)", new JobFilter(List.of(), null, null, null, TextQuery.parse("q", word(3))));

        List<String> warmup = new ArrayList<>();
        searches.values().forEach(queries -> queries.forEach(q -> warmup.add(searchPath(q))));
        filters.values().forEach(filter -> warmup.add(listPath(filter)));
        run(warmup, WARMUP);
        System.out.printf(Locale.ROOT, "%n== list (GET /api/jobs?limit=20): %d jobs, %d owners, %d clients, %d s per "
                + "filter after %d s of warm-up; load average %s ==%n", JOBS, OWNERS, CLIENTS, LIST_SECONDS, WARMUP,
                loadAverage());
        Phase baseline = null;
        for (Map.Entry<String, JobFilter> filter : filters.entrySet()) {
            Phase phase = measure("list, " + filter.getKey(), List.of(listPath(filter.getValue())), LIST_SECONDS);
            baseline = baseline == null ? phase : baseline;
        }

        System.out.printf(Locale.ROOT, "%n== search (GET /api/search?q=), %d s per kind; load average %s ==%n", SECONDS,
                loadAverage());
        print("baseline: list, no filter (above)", baseline, LIST_SECONDS);
        Phase all = new Phase(List.of(), 0, 0);
        for (Map.Entry<String, List<String>> kind : searches.entrySet()) {
            all = all.plus(measure(kind.getKey(), kind.getValue().stream().map(SearchBenchmark::searchPath).toList(),
                    SECONDS));
        }
        print("search, all kinds", all, SECONDS * searches.size());

        System.out.printf(Locale.ROOT, "%n== EXPLAIN ANALYZE of the same statements, owner %s0; load average %s ==%n",
                OWNER_PREFIX, loadAverage());
        Caller owner = new Caller(OWNER_PREFIX + 0, false);
        for (Map.Entry<String, List<String>> kind : searches.entrySet()) {
            TextQuery query = TextQuery.parse("q", kind.getValue().get(0));
            explain("search, " + kind.getKey() + ": " + query.text(), JobSearch.sql(owner),
                    search.params(owner, query, 20));
        }
        for (Map.Entry<String, JobFilter> filter : filters.entrySet()) {
            JobConditions where = new JobConditions(owner, filter.getValue());
            explain("list, " + filter.getKey(), JobFinder.pageSql(where, 21), where.params());
        }
    }

    private static String searchPath(String q) {
        return "/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    /** The list's URL for this filter (its statuses, tag, created range and text, as the dashboard writes them). */
    private static String listPath(JobFilter filter) {
        StringBuilder path = new StringBuilder("/api/jobs?limit=20");
        filter.statuses().forEach(status -> path.append("&status=").append(status));
        if (filter.tag() != null) {
            path.append("&tag=").append(URLEncoder.encode(filter.tag(), StandardCharsets.UTF_8));
        }
        if (filter.createdFrom() != null) {
            path.append("&created_from=").append(filter.createdFrom());
        }
        if (filter.createdTo() != null) {
            path.append("&created_to=").append(filter.createdTo());
        }
        if (filter.text() != null) {
            path.append("&q=").append(URLEncoder.encode(filter.text().text(), StandardCharsets.UTF_8));
        }
        return path.toString();
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
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

    /**
     * Writes the data set unless a database kept from an earlier run holds it already (the test database is new at
     * each start): jobs, then their metadata through the triggers, {@link #SEED_BATCHES} batches at a time. As a bulk
     * load would, it builds the search documents' GIN index once afterwards (the same definition, read from the
     * database) instead of document by document: through GIN's pending list, the seeding slowed down more and more
     * as the index grew (40,000 jobs took 132 s, a third of them the last 55 s).
     */
    private void seed() throws Exception {
        long present = pool.preparedQuery("SELECT count(*) FROM jobs WHERE owner_id LIKE $1 || '%'")
                .executeAndAwait(Tuple.of(OWNER_PREFIX)).iterator().next().getLong(0);
        if (present == JOBS) {
            System.out.printf(Locale.ROOT, "the %d jobs are there already%n", JOBS);
            return;
        }
        long started = System.nanoTime();
        List<String> searchIndexes = new ArrayList<>();
        for (Row index : pool.query("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = "
                + "'job_search_documents' AND indexdef LIKE '%USING gin%'").executeAndAwait()) {
            pool.query("DROP INDEX " + index.getString("indexname")).executeAndAwait();
            searchIndexes.add(index.getString("indexdef"));
        }
        String[] vocabulary = new String[VOCABULARY];
        Arrays.setAll(vocabulary, SearchBenchmark::word);
        int batch = 1_000;
        ExecutorService writers = Executors.newFixedThreadPool(SEED_BATCHES);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < JOBS; from += batch) {
                int first = from;
                int to = Math.min(JOBS, from + batch);
                batches.add(writers.submit(() -> pool.preparedQuery(SEED).executeAndAwait(Tuple.tuple()
                        .addInteger(first).addInteger(to).addString(OWNER_PREFIX).addInteger(OWNERS).addInteger(WORDS)
                        .addArrayOfString(vocabulary).addInteger(JOBS))));
            }
            for (int done = 0; done < batches.size(); done++) {
                batches.get(done).get();
                int jobs = Math.min(JOBS, (done + 1) * batch);
                if (jobs % (10 * batch) == 0 || jobs == JOBS) {
                    System.out.printf(Locale.ROOT, "seeded %d of %d jobs (%.0f s)%n", jobs, JOBS,
                            (System.nanoTime() - started) / 1e9);
                }
            }
        } finally {
            writers.shutdownNow();
        }
        SqlConnection connection = pool.getConnectionAndAwait();
        try {
            connection.query("SET maintenance_work_mem = '256MB'").executeAndAwait();
            for (String index : searchIndexes) {
                connection.query(index).executeAndAwait();
            }
            connection.query("RESET maintenance_work_mem").executeAndAwait();
        } finally {
            connection.closeAndAwait();
        }
        System.out.printf(Locale.ROOT, "built the search index (%.0f s)%n", (System.nanoTime() - started) / 1e9);
        pool.query("ANALYZE").executeAndAwait();
        System.out.printf(Locale.ROOT, "analyzed (%.0f s)%n", (System.nanoTime() - started) / 1e9);
    }

    /**
     * One batch of jobs [$1, $2) of $7: owner i % $4, a status by i, creation times spread over 2026, and their TITLE
     * (4 words), DESCRIPTION (30), TAGS (3) and TRANSCRIPT ($5 words in segments of 15). Word ranks are skewed with
     * random()^3 (random()^2 for tags) and looked up in the vocabulary $6 by a join, not by subscripts; each text keeps
     * its words in the order they were drawn, whatever order the join returns them in.
     */
    private static final String SEED = """
            WITH numbers AS (SELECT i FROM generate_series($1::int, $2::int - 1) AS i),
            vocabulary AS (SELECT rank - 1 AS rank, word FROM unnest($6::text[]) WITH ORDINALITY AS v (word, rank)),
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
            picks AS (
                SELECT n.i, g.w, floor(5000 * random() ^ (CASE WHEN g.w >= $5::int + 34 THEN 2 ELSE 3 END))::int AS rank
                  FROM numbers n, generate_series(0, $5::int + 36) AS g (w)
            ),
            words AS (SELECT p.i, p.w, v.word FROM picks p JOIN vocabulary v USING (rank)),
            segments AS (
                SELECT i, w / 15 AS s, string_agg(word, ' ' ORDER BY w) AS text
                  FROM words WHERE w < $5::int / 15 * 15 GROUP BY i, w / 15
            ),
            transcripts AS (
                SELECT i, json_agg(json_build_object('start_seconds', s * 6, 'end_seconds', s * 6 + 6, 'text', text)
                                   ORDER BY s) AS segments
                  FROM segments GROUP BY i
            ),
            written AS (
                SELECT i, string_agg(word, ' ' ORDER BY w) FILTER (WHERE w < $5::int + 4) AS title,
                       string_agg(word, ' ' ORDER BY w)
                           FILTER (WHERE w BETWEEN $5::int + 4 AND $5::int + 33) AS description,
                       json_agg(word) FILTER (WHERE w >= $5::int + 34) AS tags
                  FROM words WHERE w >= $5::int GROUP BY i
            )
            INSERT INTO job_metadata (job_id, metadata_type, content_json, edited_by_user, updated_at)
            SELECT inserted.id, m.type, m.content, false, now()
              FROM written t
              JOIN transcripts s USING (i)
              JOIN inserted ON inserted.id = md5($3 || t.i)::uuid
             CROSS JOIN LATERAL (VALUES ('TITLE', to_json(t.title)::text),
                                        ('DESCRIPTION', to_json(t.description)::text),
                                        ('TAGS', t.tags::text),
                                        ('TRANSCRIPT', json_build_object('source', 'SPEECH_RECOGNITION',
                                             'segments', s.segments, 'confidence', 0.9)::text)) AS m (type, content)
            """;

    /** Runs the paths round robin with CLIENTS clients (each a different owner) for {@code seconds}; prints them. */
    private Phase measure(String name, List<String> paths, int seconds) throws Exception {
        double[] before = cpuSeconds();
        List<Long> latencies = run(paths, seconds);
        double[] after = cpuSeconds();
        Phase phase = new Phase(latencies, after[0] - before[0], after[1] - before[1]);
        print(name, phase, seconds);
        return phase;
    }

    /**
     * What a phase measured: each request's latency, and the CPU seconds this JVM (the service and the benchmark's
     * clients) and PostgreSQL spent meanwhile. The CPU per request moves far less than the latency with whatever else
     * runs on the machine.
     */
    private record Phase(List<Long> latencies, double jvmSeconds, double postgresSeconds) {

        Phase plus(Phase other) {
            List<Long> both = new ArrayList<>(latencies);
            both.addAll(other.latencies);
            return new Phase(both, jvmSeconds + other.jvmSeconds, postgresSeconds + other.postgresSeconds);
        }
    }

    /** CPU seconds so far of this JVM and of PostgreSQL (its postmaster, the children it reaped, and those alive). */
    private double[] cpuSeconds() throws IOException {
        if (postmaster == 0) {
            long backend = pool.query("SELECT pg_backend_pid()").executeAndAwait().iterator().next().getInteger(0);
            postmaster = stat(Path.of("/proc/" + backend + "/stat"))[1];
        }
        long[] jvm = stat(Path.of("/proc/self/stat"));
        long[] server = stat(Path.of("/proc/" + postmaster + "/stat"));
        long ticks = server[11] + server[12] + server[13] + server[14];
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long[] child = stat(process.resolve("stat"));
                ticks += child.length > 12 && child[1] == postmaster ? child[11] + child[12] : 0;
            }
        }
        return new double[] {(jvm[11] + jvm[12]) / TICKS_PER_SECOND, ticks / TICKS_PER_SECOND};
    }

    /**
     * The fields of a {@code stat} file after the command's name: ppid at 1, utime at 11. The state reads 0, and so
     * does a number too large for a long (an unlimited {@code rsslim} is 2^64 - 1).
     */
    private static long[] stat(Path file) {
        try {
            String line = Files.readString(file);
            return Arrays.stream(line.substring(line.lastIndexOf(')') + 2).split(" "))
                    .mapToLong(field -> field.matches("-?[0-9]{1,18}") ? Long.parseLong(field) : 0).toArray();
        } catch (IOException | UncheckedIOException e) {
            return new long[0];
        }
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

    private static void print(String name, Phase phase, int seconds) {
        long[] sorted = phase.latencies().stream().mapToLong(Long::longValue).sorted().toArray();
        double perRequest = sorted.length == 0 ? 0 : 1000.0 / sorted.length;
        double max = sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
        System.out.printf(Locale.ROOT, "%-38s %7d req %7.1f req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  "
                        + "CPU %5.2f ms/req (JVM %5.2f, PostgreSQL %5.2f)%n", name, sorted.length,
                sorted.length / (double) seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), max,
                (phase.jvmSeconds() + phase.postgresSeconds()) * perRequest, phase.jvmSeconds() * perRequest,
                phase.postgresSeconds() * perRequest);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /**
     * {@code EXPLAIN (ANALYZE, BUFFERS)} of the statement as the service runs it: prepared, executed five times with
     * these values, then explained at its sixth execution, by when PostgreSQL's plan cache has chosen between a plan
     * for these values and the generic one, as it does for the service's cached prepared statements.
     */
    private void explain(String name, String sql, Tuple params) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            values.add(literal(params.getValue(i)));
        }
        String execute = "EXECUTE bench_explain(" + String.join(", ", values) + ")";
        SqlConnection connection = pool.getConnectionAndAwait();
        try {
            connection.query("PREPARE bench_explain AS " + sql).executeAndAwait();
            for (int i = 0; i < 5; i++) {
                connection.query(execute).executeAndAwait();
            }
            System.out.printf(Locale.ROOT, "%n-- %s%n", name);
            for (Row row : connection.query("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + execute).executeAndAwait()) {
                String line = row.getString(0);
                if (!EXPLAIN_NOISE.matcher(line).find()) {
                    System.out.println(line);
                }
            }
            connection.query("DEALLOCATE bench_explain").executeAndAwait();
        } finally {
            connection.closeAndAwait();
        }
    }

    private static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        if (value instanceof String[] array) {
            return Arrays.stream(array).map(SearchBenchmark::literal)
                    .collect(Collectors.joining(", ", "ARRAY[", "]"));
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }
}
