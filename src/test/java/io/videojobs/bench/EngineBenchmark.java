package io.videojobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.job.StageId;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.JobApi;
import io.videojobs.support.MediaServer;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.DoubleAdder;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Jobs per minute on a 10 s 720p clip: the engine at its default concurrency (2) against the same
 * ffprobe/ffmpeg commands run directly, two at a time, in the same run, each side after warm-up rounds (the JIT
 * has then compiled the engine's code, as in a service that has been running; before that, compiling it takes
 * a large share of the two cores). It also prints where the time goes,
 * stage by stage, on both sides. Not part of the default test run:
 * {@code ./mvnw test -Dtest=EngineBenchmark [-Dbench.jobs=4 -Dbench.rounds=2 -Dbench.warmup-rounds=3]}.
 */
@QuarkusTest
@TestProfile(EngineBenchmark.DefaultTimings.class)
class EngineBenchmark {

    /** The engine tests' profile with the production intervals that the test profile shortens. */
    public static class DefaultTimings extends EngineTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("video-jobs.engine.lease-duration", "30s");
            config.put("video-jobs.metrics.refresh", "10s");
            config.put("video-jobs.ws.sweep-interval", "5s");
            config.put("video-jobs.ws.stats-interval", "5s");
            return config;
        }
    }

    private static final int CONCURRENCY = 2;
    private static final int THUMBNAILS = 5;
    private static final String MODEL = "/usr/share/pocketsphinx/model/en-us";

    @Inject
    DataSource dataSource;
    /** Seconds the raw commands of each stage took, summed over the measured jobs. */
    private final Map<String, DoubleAdder> rawStageSeconds = new ConcurrentHashMap<>();
    private final List<String> measuredJobs = new ArrayList<>();

    @Test
    void engineOverheadAgainstRawFfmpeg() throws Exception {
        int jobs = Integer.getInteger("bench.jobs", 4);
        int rounds = Integer.getInteger("bench.rounds", 2);
        int warmupRounds = Integer.getInteger("bench.warmup-rounds", 3);
        Path clip = TestMedia.hdClip();
        double duration = probeDuration(clip);
        double rawSeconds = 0;
        double engineSeconds = 0;
        double rawJvmCpu = 0;
        double engineJvmCpu = 0;
        try (MediaServer server = MediaServer.start()) {
            JobApi api = JobApi.as(TestTokens.user("bench"));
            for (int round = 0; round < warmupRounds; round++) {
                runRaw(clip, duration, jobs);
                runEngine(api, server, clip, jobs);
            }
            rawStageSeconds.clear();
            measuredJobs.clear();
            for (int round = 0; round < rounds; round++) {
                long rawStart = System.nanoTime();
                long cpuStart = jvmCpuNanos();
                runRaw(clip, duration, jobs);
                rawSeconds += (System.nanoTime() - rawStart) / 1e9;
                rawJvmCpu += (jvmCpuNanos() - cpuStart) / 1e9;
                cpuStart = jvmCpuNanos();
                engineSeconds += runEngine(api, server, clip, jobs);
                engineJvmCpu += (jvmCpuNanos() - cpuStart) / 1e9;
            }
        }
        int total = jobs * rounds;
        System.out.printf(Locale.ROOT, "%nBENCHMARK %d jobs (%d rounds of %d, after %d warm-up rounds each), "
                + "10 s 1280x720 clip, concurrency %d%n", total, rounds, jobs, warmupRounds, CONCURRENCY);
        System.out.printf(Locale.ROOT, "  raw ffprobe/ffmpeg: %.1f s, %.2f jobs/min%n", rawSeconds, total * 60 / rawSeconds);
        System.out.printf(Locale.ROOT, "  engine:             %.1f s, %.2f jobs/min%n", engineSeconds, total * 60 / engineSeconds);
        System.out.printf(Locale.ROOT, "  engine overhead:    %.1f %%%n", (engineSeconds / rawSeconds - 1) * 100);
        System.out.printf(Locale.ROOT, "  CPU of this JVM (service, media server, test) while each side ran: raw %.1f s, "
                + "engine %.1f s%n", rawJvmCpu, engineJvmCpu);
        printBreakdown(total);
    }

    /** Mean seconds per job: each stage as the engine recorded it next to its raw commands, and the queue wait. */
    private void printBreakdown(int jobs) throws SQLException {
        Map<String, Double> engine = new HashMap<>();
        double queued;
        try (Connection connection = dataSource.getConnection()) {
            Array ids = connection.createArrayOf("uuid", measuredJobs.stream().map(UUID::fromString).toArray());
            try (PreparedStatement stages = connection.prepareStatement("SELECT stage_id, "
                    + "avg(extract(epoch FROM finished_at - started_at)) FROM job_stages WHERE job_id = ANY (?) GROUP BY stage_id");
                 PreparedStatement waits = connection.prepareStatement(
                         "SELECT avg(extract(epoch FROM started_at - created_at)) FROM jobs WHERE id = ANY (?)")) {
                stages.setArray(1, ids);
                try (ResultSet rows = stages.executeQuery()) {
                    while (rows.next()) {
                        engine.put(rows.getString(1), rows.getDouble(2));
                    }
                }
                waits.setArray(1, ids);
                try (ResultSet rows = waits.executeQuery()) {
                    rows.next();
                    queued = rows.getDouble(1);
                }
            }
        }
        System.out.printf(Locale.ROOT, "  mean seconds per job    %8s %8s%n", "raw", "engine");
        for (StageId stageId : StageId.all()) {
            String stage = stageId.name();
            DoubleAdder raw = rawStageSeconds.get(stage);
            System.out.printf(Locale.ROOT, "  %-22s %8.2f %8.2f%n", stage, raw == null ? 0 : raw.sum() / jobs,
                    engine.getOrDefault(stage, 0.0));
        }
        System.out.printf(Locale.ROOT, "  %-22s %8s %8.2f%n%n", "queued before a worker", "-", queued);
    }

    /**
     * Submits {@code jobs} jobs with every stage, waits until all have completed and returns the seconds from
     * the first submission to the last completion, as the service recorded them (so polling adds nothing).
     */
    private double runEngine(JobApi api, MediaServer server, Path clip, int jobs) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(api.submitJob(server.url(clip), null));
        }
        measuredJobs.addAll(ids);
        Instant first = null;
        Instant last = null;
        for (String id : ids) {
            JsonNode job = api.awaitEnd(id, Duration.ofMinutes(30), Duration.ofSeconds(2));
            assertEquals("COMPLETED", job.path("status").asText(), job.toString());
            Instant created = Instant.parse(job.path("created_at").asText());
            Instant finished = Instant.parse(job.path("finished_at").asText());
            first = first == null || created.isBefore(first) ? created : first;
            last = last == null || finished.isAfter(last) ? finished : last;
        }
        return Duration.between(first, last).toNanos() / 1e9;
    }

    /** The commands the stages run for one job, run directly, {@code CONCURRENCY} jobs at a time. */
    private void runRaw(Path clip, double duration, int jobs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                int job = i;
                futures.add(pool.submit(() -> {
                    rawJob(clip, duration, Files.createTempDirectory("bench-raw-" + job));
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private void rawJob(Path clip, double duration, Path work) throws IOException, InterruptedException {
        String in = clip.toString();
        long started = System.nanoTime();
        run(List.of("ffprobe", "-hide_banner", "-loglevel", "error", "-print_format", "json", "-show_format",
                "-show_streams", in));
        started = timed("METADATA_EXTRACTION", started);
        for (int i = 0; i < THUMBNAILS; i++) {
            double at = duration * (i + 1) / (THUMBNAILS + 1);
            ffmpeg("-ss", String.format(Locale.ROOT, "%.3f", at), "-i", in, "-map", "0:v:0", "-frames:v", "1",
                    "-vf", "scale=320:-2", "-q:v", "3", work.resolve("t" + i + ".jpg").toString());
        }
        started = timed("THUMBNAIL_GENERATION", started);
        ffmpeg("-i", in, "-map", "0:a:0", "-af", "apad=pad_dur=1,aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,"
                + "asr=hmm='" + MODEL + "/en-us':dict='" + MODEL + "/cmudict-en-us.dict':lm='" + MODEL + "/en-us.lm.bin',"
                + "ametadata=mode=print:key=lavfi.asr.text:file='" + work.resolve("asr.txt") + "'", "-f", "null", "-");
        started = timed("TRANSCRIPTION", started);
        ffmpeg("-i", in, "-map", "0:v:0", "-an", "-vf", "scale=320:-2,select='gt(scene,0.400)',metadata=mode=print:file='"
                + work.resolve("scenes.txt") + "'", "-f", "null", "-");
        timed("CHAPTERS", started);
    }

    private static long jvmCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Adds the time since {@code started} to a stage's raw total and returns the new start. */
    private long timed(String stage, long started) {
        long now = System.nanoTime();
        rawStageSeconds.computeIfAbsent(stage, ignored -> new DoubleAdder()).add((now - started) / 1e9);
        return now;
    }

    private static void ffmpeg(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-nostats",
                "-loglevel", "error", "-y"));
        command.addAll(List.of(args));
        command.addAll(List.of("-progress", "pipe:1"));
        run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(command + " failed: " + out);
        }
        return out;
    }

    private static double probeDuration(Path clip) throws IOException, InterruptedException {
        return Double.parseDouble(run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration",
                "-of", "default=nw=1:nk=1", clip.toString())).trim());
    }
}
