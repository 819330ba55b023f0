package io.videojobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.ProcessingClient;
import io.videojobs.support.MediaServer;
import io.videojobs.support.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Jobs per minute on a 10 s 720p clip: the engine at its default concurrency (2) against the same
 * ffprobe/ffmpeg commands run directly, two at a time, in the same run. Not part of the default test run:
 * {@code VIDEO_JOBS_TEST_DB=videojobs_test ./mvnw test -Dtest=EngineBenchmark [-Dbench.jobs=8]}.
 */
@QuarkusTest
@TestProfile(EngineTestProfile.class)
class EngineBenchmark {

    private static final int CONCURRENCY = 2;
    private static final int THUMBNAILS = 5;
    private static final String MODEL = "/usr/share/pocketsphinx/model/en-us";

    @Test
    void engineOverheadAgainstRawFfmpeg() throws Exception {
        int jobs = Integer.getInteger("bench.jobs", 4);
        int rounds = Integer.getInteger("bench.rounds", 2);
        Path clip = TestMedia.hdClip();
        double duration = probeDuration(clip);
        double rawSeconds = 0;
        double engineSeconds = 0;
        try (MediaServer server = MediaServer.start()) {
            ProcessingClient api = new ProcessingClient("bench");
            runRaw(clip, duration, 1);
            runEngine(api, server, clip, 1);
            for (int round = 0; round < rounds; round++) {
                long rawStart = System.nanoTime();
                runRaw(clip, duration, jobs);
                rawSeconds += (System.nanoTime() - rawStart) / 1e9;
                engineSeconds += runEngine(api, server, clip, jobs);
            }
        }
        int total = jobs * rounds;
        System.out.printf(Locale.ROOT, "%nBENCHMARK %d jobs (%d rounds of %d, after one warm-up job each), "
                + "10 s 1280x720 clip, concurrency %d%n", total, rounds, jobs, CONCURRENCY);
        System.out.printf(Locale.ROOT, "  raw ffprobe/ffmpeg: %.1f s, %.2f jobs/min%n", rawSeconds, total * 60 / rawSeconds);
        System.out.printf(Locale.ROOT, "  engine:             %.1f s, %.2f jobs/min%n", engineSeconds, total * 60 / engineSeconds);
        System.out.printf(Locale.ROOT, "  engine overhead:    %.1f %%%n%n", (engineSeconds / rawSeconds - 1) * 100);
    }

    /**
     * Submits {@code jobs} jobs with every stage, waits until all have completed and returns the seconds from
     * the first submission to the last completion, as the service recorded them (so polling adds nothing).
     */
    private static double runEngine(ProcessingClient api, MediaServer server, Path clip, int jobs) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(api.submit(server.url(clip), null));
        }
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
    private static void runRaw(Path clip, double duration, int jobs) throws Exception {
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

    private static void rawJob(Path clip, double duration, Path work) throws IOException, InterruptedException {
        String in = clip.toString();
        run(List.of("ffprobe", "-hide_banner", "-loglevel", "error", "-print_format", "json", "-show_format",
                "-show_streams", in));
        for (int i = 0; i < THUMBNAILS; i++) {
            double at = duration * (i + 1) / (THUMBNAILS + 1);
            ffmpeg("-ss", String.format(Locale.ROOT, "%.3f", at), "-i", in, "-map", "0:v:0", "-frames:v", "1",
                    "-vf", "scale=320:-2", "-q:v", "3", work.resolve("t" + i + ".jpg").toString());
        }
        ffmpeg("-i", in, "-map", "0:a:0", "-af", "apad=pad_dur=1,aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,"
                + "asr=hmm='" + MODEL + "/en-us':dict='" + MODEL + "/cmudict-en-us.dict':lm='" + MODEL + "/en-us.lm.bin',"
                + "ametadata=mode=print:key=lavfi.asr.text:file='" + work.resolve("asr.txt") + "'", "-f", "null", "-");
        ffmpeg("-i", in, "-map", "0:v:0", "-an", "-vf", "scale=320:-2,select='gt(scene,0.400)',metadata=mode=print:file='"
                + work.resolve("scenes.txt") + "'", "-f", "null", "-");
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
