package io.videojobs.bench;

import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.HttpReceiver;
import io.videojobs.support.MediaServer;
import io.videojobs.support.S3ProxyServer;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestTokens;
import io.videojobs.support.TestDatabase;
import io.videojobs.support.TestMedia;
import io.videojobs.webhooks.WebhookEventTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * CPU per job on two clips: a 10 s 1280x720 30 fps clip with x264's default GOP, and 2 minutes of 1920x1080
 * 30 fps with a keyframe every 2 s. For each clip it prints
 * <ul>
 *   <li>the reference: one full decode, {@code ffmpeg -i SRC -f null -};</li>
 *   <li>the CPU of each stage's commands run directly (the commands the engine runs for that clip);</li>
 *   <li>the engine's CPU for a job with every stage but TRANSCRIPTION (speech recognition is outside the
 *       target): its ffmpeg/ffprobe children, and this JVM while the job ran, less the benchmark's own threads
 *       (the test thread that submits the job and waits for its end in the database, the media server that
 *       serves the clip) and less HotSpot's own threads (JIT compilers, GC, VM threads), which are printed apart
 *       (see {@link ProcessCpu});</li>
 *   <li>the target ratio (engine children ÷ decode, at most 1.5) and the engine overhead (engine total ÷ raw
 *       total − 1, at most 5 %), where the raw side also counts this JVM (less the same threads) while the raw
 *       commands ran. The raw commands and the job run back to back in each round, the job second in even rounds
 *       and first in odd ones, because the order moves the figure on this VM (in four of five 30-round runs the
 *       job's overhead was higher in the rounds where it ran second), and its speed drifts by 10–15 % between
 *       minutes. The target figure is the median over pairs of rounds, one in each order, of the pair's overhead.
 *       The median of the single rounds (and of each order apart) and the ratio of the medians are printed too;</li>
 *   <li>a THUMBNAIL_GENERATION-only job, where the probe picks keyframe seeking or one pass.</li>
 * </ul>
 * CPU time comes from {@link ProcessCpu}; jobs and commands run one at a time, so every child process counted
 * belongs to the measurement. Figures are medians of the rounds; warm-up rounds run on the first clip only (the
 * JVM is warm after them). Not part of the default test run:
 * {@code ./mvnw test -Dtest=EngineBenchmark [-Dbench.rounds=3 -Dbench.warmup-rounds=1 -Dbench.clips=hd,fullhd]}.
 * <p>
 * With {@code -Dbench.webhook=true} the benchmark's user owns one webhook endpoint subscribed to every event type,
 * on a receiver on loopback that answers 204 at once ({@link HttpReceiver}; its threads are the benchmark's). A job
 * then counts as ended only when every delivery of its events has been made, so the service's CPU for delivering
 * them falls in the job's measurement; the number of deliveries received is printed.
 * <p>
 * With {@code -Dbench.storage=s3} the service stores on S3Proxy ({@link S3ProxyServer}, started as a test resource):
 * the job's download and thumbnails go to the bucket. S3Proxy is a child process of this JVM but the benchmark's, so
 * {@link ProcessCpu} leaves it out; the processes counted are printed.
 */
@QuarkusTest
@TestProfile(EngineBenchmark.DefaultTimings.class)
class EngineBenchmark {

    /**
     * The engine tests' profile with the production intervals that the test profile shortens, with
     * {@code bench.webhook} the loopback receiver allowed as a webhook host, and with {@code bench.storage=s3} the
     * storage on S3Proxy.
     */
    public static class DefaultTimings extends EngineTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("video-jobs.engine.lease-duration", "30s");
            config.put("video-jobs.metrics.refresh", "10s");
            config.put("video-jobs.ws.sweep-interval", "5s");
            config.put("video-jobs.ws.stats-interval", "5s");
            if (WEBHOOK) {
                config.put("video-jobs.webhooks.allowed-hosts", "127.0.0.1");
            }
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return S3 ? List.of(new TestResourceEntry(S3ProxyServer.class)) : List.of();
        }
    }

    private static final boolean WEBHOOK = Boolean.getBoolean("bench.webhook");
    private static final String STORAGE = System.getProperty("bench.storage", "local");
    private static final boolean S3 = STORAGE.equals("s3");

    private static final int THUMBNAILS = 5;
    private static final int THUMBNAIL_WIDTH = 320;
    private static final List<String> WITHOUT_SPEECH = List.of("METADATA_EXTRACTION", "THUMBNAIL_GENERATION",
            "CHAPTERS", "METADATA_GENERATION");
    private static final List<String> THUMBNAILS_ONLY = List.of("METADATA_EXTRACTION", "THUMBNAIL_GENERATION");

    private final JobApi api = JobApi.as(TestTokens.user("bench"));
    /** With {@code bench.webhook}: the endpoint's receiver. */
    private HttpReceiver receiver;

    @Test
    void cpuPerJobAgainstOneDecodeAndTheRawCommands() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        int warmupRounds = Integer.getInteger("bench.warmup-rounds", 1);
        List<String> clips = List.of(System.getProperty("bench.clips", "hd,fullhd").split(","));
        if (!Set.of("local", "s3").contains(STORAGE)) {
            fail("bench.storage must be local or s3, not " + STORAGE);
        }
        try (MediaServer server = MediaServer.start(); HttpReceiver hooks = WEBHOOK ? subscribeToEveryEvent() : null) {
            receiver = hooks;
            for (String name : clips) {
                Path clip = name.equals("fullhd") ? TestMedia.fullHdClip() : TestMedia.hdClip();
                String label = name.equals("fullhd") ? "2 min 1920x1080 30 fps, keyframe every 2 s"
                        : "10 s 1280x720 30 fps, x264 default GOP";
                // the JVM is warm after the first clip's rounds
                measure(server, clip, label, rounds, name.equals(clips.get(0)) ? warmupRounds : 0);
            }
        }
    }

    /** Starts the receiver and registers the benchmark user's one endpoint, subscribed to every event type. */
    private HttpReceiver subscribeToEveryEvent() {
        HttpReceiver started = HttpReceiver.start(request -> HttpReceiver.Answer.status(204));
        api.request().body(Map.of("url", started.url("/bench"), "event_types", WebhookEventTypes.SUBSCRIBABLE))
                .post("/api/webhooks").then().statusCode(201);
        return started;
    }

    private void measure(MediaServer server, Path clip, String label, int rounds, int warmupRounds) throws Exception {
        double duration = probeDuration(clip);
        int deliveriesBefore = receiver == null ? 0 : receiver.received().size();
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (int round = -warmupRounds; round < rounds; round++) {
            boolean warm = round >= 0;
            record(figures, warm, "decode", cpu(() -> command("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                    "-i", clip.toString(), "-f", "null", "-")).childrenSeconds());
            Path work = Files.createTempDirectory("bench-raw-");
            // odd rounds run the job before the raw commands, so that neither side always runs second
            boolean engineFirst = round % 2 != 0;
            ProcessCpu engine = engineFirst ? cpu(() -> job(server, clip, WITHOUT_SPEECH)) : null;
            ProcessCpu rawProbe = cpu(() -> rawProbe(clip));
            ProcessCpu rawPass = cpu(() -> rawThumbnailsAndScenes(clip, duration, work));
            if (!engineFirst) {
                engine = cpu(() -> job(server, clip, WITHOUT_SPEECH));
            }
            record(figures, warm, "raw METADATA_EXTRACTION", rawProbe.childrenSeconds());
            record(figures, warm, "raw THUMBNAIL_GENERATION + CHAPTERS", rawPass.childrenSeconds());
            record(figures, warm, "raw total", rawProbe.total() + rawPass.total());
            record(figures, warm, "(raw: JVM's JIT, GC and VM threads, not counted)",
                    rawProbe.housekeepingSeconds() + rawPass.housekeepingSeconds());
            record(figures, warm, "engine children", engine.childrenSeconds());
            record(figures, warm, "engine JVM (service threads)", engine.jvmSeconds());
            record(figures, warm, "engine total", engine.total());
            record(figures, warm, "(engine: JVM's JIT, GC and VM threads, not counted)", engine.housekeepingSeconds());
            double overhead = engine.total() / (rawProbe.total() + rawPass.total()) - 1;
            record(figures, warm, "engine overhead in the round", overhead);
            record(figures, warm, engineFirst ? "engine overhead, job first" : "engine overhead, raw first", overhead);
            record(figures, warm, "engine thumbnails-only job, children", cpu(() -> job(server, clip, THUMBNAILS_ONLY))
                    .childrenSeconds());
        }
        double decode = median(figures.get("decode"));
        System.out.printf(Locale.ROOT, "%nBENCHMARK CPU seconds per job, median of %d rounds after %d warm-up round(s): "
                + "%s (%.1f s)%s%s%n", rounds, warmupRounds, label, duration, S3 ? ", s3 storage on S3Proxy" : "",
                WEBHOOK ? ", one webhook endpoint subscribed to every event" : "");
        if (S3 || WEBHOOK) {
            System.out.println("  CPU counted: " + ProcessCpu.counted(harnessProcesses()));
        }
        System.out.printf(Locale.ROOT, "  %-48s %8.3f%n", "reference: ffmpeg -i SRC -f null -", decode);
        figures.forEach((name, values) -> {
            if (!name.equals("decode") && !name.startsWith("engine overhead")) {
                System.out.printf(Locale.ROOT, "  %-48s %8.3f%n", name, median(values));
            }
        });
        System.out.printf(Locale.ROOT, "  %-48s %8.2f x (target <= 1.5)%n", "engine children / decode",
                median(figures.get("engine children")) / decode);
        List<Double> pairs = overheadsOfPairs(figures.get("raw total"), figures.get("engine total"));
        if (!pairs.isEmpty()) {
            System.out.printf(Locale.ROOT, "  %-48s %8.1f %% (target <= 5; middle half of the %d pairs %.1f to %.1f %%)%n",
                    "engine overhead (median of pairs of rounds)", median(pairs) * 100, pairs.size(),
                    quartile(pairs, 1) * 100, quartile(pairs, 3) * 100);
        }
        List<Double> overheads = figures.get("engine overhead in the round");
        System.out.printf(Locale.ROOT, "  %-48s %8.1f %% (middle half of the rounds %.1f to %.1f %%)%n",
                "engine overhead (median of the rounds)", median(overheads) * 100, quartile(overheads, 1) * 100,
                quartile(overheads, 3) * 100);
        for (String order : List.of("engine overhead, raw first", "engine overhead, job first")) {
            if (figures.containsKey(order)) {
                System.out.printf(Locale.ROOT, "  %-48s %8.1f %% (median of %d rounds)%n", order,
                        median(figures.get(order)) * 100, figures.get(order).size());
            }
        }
        System.out.printf(Locale.ROOT, "  %-48s %8.1f %%%n", "engine overhead (median total vs median raw total)",
                (median(figures.get("engine total")) / median(figures.get("raw total")) - 1) * 100);
        System.out.printf(Locale.ROOT, "  %-48s %8.2f x%n%n", "thumbnails-only job / decode",
                median(figures.get("engine thumbnails-only job, children")) / decode);
        if (S3) {
            System.out.printf(Locale.ROOT, "  s3: the bucket holds %d objects under jobs/ after these rounds%n%n",
                    S3ProxyServer.keys("jobs/").size());
        }
        if (receiver != null) {
            Map<String, Long> byType = receiver.received().stream().skip(deliveriesBefore).collect(Collectors.groupingBy(
                    request -> JobApi.parseJson(request.bodyText()).path("type").asText(), TreeMap::new,
                    Collectors.counting()));
            System.out.printf(Locale.ROOT, "  webhook: the receiver got %d deliveries for these %d jobs, each job's "
                    + "before its measurement ended: %s%n%n", byType.values().stream().mapToLong(Long::longValue).sum(),
                    (warmupRounds + rounds) * 2, byType);
        }
    }

    /** METADATA_EXTRACTION's command: one probe of the streams and of the first 30 s of packets' keyframe flags. */
    private static void rawProbe(Path clip) {
        command("ffprobe", "-hide_banner", "-loglevel", "error", "-print_format", "json", "-show_format",
                "-show_streams", "-show_entries", "packet=stream_index,pts_time,flags", "-read_intervals", "%+30",
                clip.toString());
    }

    /**
     * THUMBNAIL_GENERATION's one decode pass, which also finds CHAPTERS' scene cuts (CHAPTERS then runs nothing),
     * with the unbuffered frame-time print and atomic image writes that let the engine hand each thumbnail over
     * while the pass runs.
     */
    private static void rawThumbnailsAndScenes(Path clip, double duration, Path work) {
        List<String> select = new ArrayList<>();
        for (int i = 0; i < THUMBNAILS; i++) {
            String t = String.format(Locale.ROOT, "%.3f", duration * (i + 1) / (THUMBNAILS + 1));
            select.add("gte(t," + t + ")*lt(prev_t," + t + ")");
        }
        String graph = "[0:v:0]split=2[scan][thumbs];"
                + "[scan]scale=320:-2:flags=fast_bilinear,select='gte(scene,0)',metadata=mode=print:"
                + "key=lavfi.scene_score:value=0.400:function=greater:file='" + work.resolve("cuts.txt") + "'[scanned];"
                + "[thumbs]select='" + String.join("+", select) + "',metadata=mode=add:key=video_jobs.thumbnail:value=1,"
                + "metadata=mode=print:key=video_jobs.thumbnail:direct=1:file='" + work.resolve("thumbs.txt") + "',"
                + "scale=" + THUMBNAIL_WIDTH + ":-2[thumbnails]";
        command("ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y", "-i", clip.toString(),
                "-filter_complex", graph, "-map", "[scanned]", "-f", "null", "-", "-map", "[thumbnails]",
                "-fps_mode", "passthrough", "-q:v", "3", "-atomic_writing", "1", work.resolve("%04d.jpg").toString(),
                "-stats_period", "0.1", "-progress", "pipe:1");
    }

    /**
     * Submits a job, waits for its end and checks it completed (with {@code bench.webhook}, also for the delivery of
     * all its events). It waits on this thread, reading the job's status straight from the database:
     * {@link ProcessCpu} counts this thread as the benchmark's, whereas polling the REST API would make the service
     * serve requests that are the benchmark's, not the job's.
     */
    private void job(MediaServer server, Path clip, List<String> stages) {
        String id = api.submitJob(server.url(clip), stages);
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        String status;
        try (Connection db = TestDatabase.connect();
             PreparedStatement query = db.prepareStatement("SELECT status FROM jobs WHERE id = ?")) {
            query.setObject(1, UUID.fromString(id));
            status = read(query);
            while (Set.of("PENDING", "PROCESSING").contains(status) && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(100));
                status = read(query);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (!status.equals("COMPLETED")) {
            fail("Job " + id + " ended " + status + ": " + api.readJob(id));
        }
        if (receiver != null) {
            awaitDeliveries(id, deadline);
        }
    }

    /** Waits until the job's {@code job.completed} and every other delivery of its events has been made. */
    private static void awaitDeliveries(String id, long deadline) {
        try (Connection db = TestDatabase.connect();
             PreparedStatement query = db.prepareStatement("""
                     SELECT CASE WHEN count(*) FILTER (WHERE status = 'FAILED') > 0 THEN 'FAILED'
                                 WHEN count(*) FILTER (WHERE status = 'PENDING') > 0
                                      OR count(*) FILTER (WHERE event_type = 'job.completed') = 0 THEN 'PENDING'
                                 ELSE 'SUCCEEDED' END
                       FROM webhook_deliveries WHERE job_id = ?""")) {
            query.setObject(1, UUID.fromString(id));
            String deliveries = read(query);
            while (deliveries.equals("PENDING") && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(20));
                deliveries = read(query);
            }
            if (!deliveries.equals("SUCCEEDED")) {
                fail("The webhook deliveries of job " + id + " ended " + deliveries);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(PreparedStatement query) throws SQLException {
        try (ResultSet row = query.executeQuery()) {
            return row.next() ? row.getString(1) : "DELETED";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProcessCpu cpu(Runnable work) {
        ProcessCpu before = ProcessCpu.now(harnessProcesses());
        work.run();
        return ProcessCpu.now(harnessProcesses()).minus(before);
    }

    /** The benchmark's own child processes: S3Proxy, with {@code bench.storage=s3}. */
    private static Set<Long> harnessProcesses() {
        return S3 ? S3ProxyServer.process().map(process -> Set.of(process.pid())).orElseThrow() : Set.of();
    }

    private static void record(Map<String, List<Double>> figures, boolean warm, String name, double value) {
        if (warm) {
            figures.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * The overhead of each pair of rounds, one run in each order (rounds 0 and 1, 2 and 3, ...): the pair's engine
     * CPU over its raw CPU. A pair takes out the effect of the order, and of a drift slower than two rounds.
     */
    private static List<Double> overheadsOfPairs(List<Double> raw, List<Double> engine) {
        List<Double> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < raw.size(); i += 2) {
            pairs.add((engine.get(i) + engine.get(i + 1)) / (raw.get(i) + raw.get(i + 1)) - 1);
        }
        return pairs;
    }

    /** The first or third quartile ({@code which} 1 or 3): the median of the lower or upper half. */
    private static double quartile(List<Double> values, int which) {
        List<Double> sorted = values.stream().sorted().toList();
        int half = sorted.size() / 2;
        if (half == 0) {
            return median(sorted);
        }
        return median(which == 1 ? sorted.subList(0, half) : sorted.subList(sorted.size() - half, sorted.size()));
    }

    private static String command(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(List.of(command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double probeDuration(Path clip) {
        return Double.parseDouble(command("ffprobe", "-v", "error", "-show_entries", "format=duration",
                "-of", "default=nw=1:nk=1", clip.toString()).trim());
    }
}
