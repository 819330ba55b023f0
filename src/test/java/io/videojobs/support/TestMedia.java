package io.videojobs.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Generates the test videos once per build into target/test-media with real ffmpeg: a speech clip with a
 * title tag, a clip with a subtitle track, a clip with hard scene cuts (no audio), a speech clip with scene cuts, a long clip to cancel, the
 * benchmark clips and a file that is not media. The speech is the committed fixture
 * {@code src/test/resources/media/speech.ogg} (text in {@code speech.txt}), so no speech synthesiser is needed.
 */
public final class TestMedia {

    public static final Path DIR = Path.of("target", "test-media").toAbsolutePath();
    public static final String TITLE = "Engine Test Title";
    /** The committed speech fixture: 13.5 s of mono 16 kHz Opus. */
    public static final Path SPEECH_AUDIO = Path.of("src", "test", "resources", "media", "speech.ogg").toAbsolutePath();
    /** What the fixture says. */
    public static final String SPEECH_TEXT = readFixtureText();
    public static final String SUBTITLE_TEXT = "Subtitles come first";
    /** Subtitle text a caption file must escape: a cue arrow, a tag and an ampersand. */
    public static final String TRICKY_SUBTITLE_TEXT = "left --> right <b>bold</b> & more";
    /** Times of the hard cuts in scenes.mp4. */
    public static final double[] SCENE_CUTS = {3.0, 6.0};
    public static final double SCENES_DURATION = 9.0;

    private TestMedia() {
    }

    /** speech.mp4: 320x240 test pattern, the speech fixture and a {@code title} tag. */
    public static synchronized Path speech() {
        return generate("speech.mp4", out -> ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=14",
                "-i", SPEECH_AUDIO.toString(), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", "-metadata", "title=" + TITLE, out.toString()));
    }

    /** subtitles.mp4: a mov_text subtitle track over a test pattern and a tone. */
    public static synchronized Path subtitles() {
        return subtitled("subtitles", SUBTITLE_TEXT, "and speech recognition second");
    }

    /** tricky-subtitles.mp4: like subtitles.mp4, its first subtitle {@link #TRICKY_SUBTITLE_TEXT}. */
    public static synchronized Path trickySubtitles() {
        return subtitled("tricky-subtitles", TRICKY_SUBTITLE_TEXT, "second line");
    }

    /** {@code name}.mp4: 5 s of test pattern and tone with a mov_text track of two subtitles, at 0.5 s and 2.5 s. */
    private static Path subtitled(String name, String first, String second) {
        return generate(name + ".mp4", out -> {
            Path srt = DIR.resolve(name + ".srt");
            Files.writeString(srt, "1\n00:00:00,500 --> 00:00:02,000\n" + first + "\n\n"
                    + "2\n00:00:02,500 --> 00:00:04,000\n" + second + "\n", StandardCharsets.UTF_8);
            ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=5",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=5", "-i", srt.toString(),
                    "-map", "0:v", "-map", "1:a", "-map", "2:s", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-c:s", "mov_text", out.toString());
        });
    }

    /** scenes.mp4: white, black, yellow, 3 s each (hard cuts at 3 s and 6 s), no audio track. */
    public static synchronized Path scenes() {
        return generate("scenes.mp4", out -> ffmpeg(
                "-f", "lavfi", "-i", "color=c=white:size=320x240:rate=25:duration=3",
                "-f", "lavfi", "-i", "color=c=black:size=320x240:rate=25:duration=3",
                "-f", "lavfi", "-i", "color=c=yellow:size=320x240:rate=25:duration=3",
                "-filter_complex", "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]", "-map", "[v]",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", out.toString()));
    }

    /** talk-scenes.mp4: red, blue, green, 4 s each (hard cuts at 4 s and 8 s) under the speech fixture. */
    public static synchronized Path speechWithScenes() {
        return generate("talk-scenes.mp4", out -> ffmpeg("-f", "lavfi", "-i", "color=c=red:size=320x240:rate=25:duration=4",
                "-f", "lavfi", "-i", "color=c=blue:size=320x240:rate=25:duration=4",
                "-f", "lavfi", "-i", "color=c=green:size=320x240:rate=25:duration=4", "-i", SPEECH_AUDIO.toString(),
                "-filter_complex", "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]", "-map", "[v]", "-map", "3:a",
                "-t", "12", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                "-movflags", "+faststart", out.toString()));
    }

    /** long-speech.mp4: 48 s of the speech fixture on a loop over a small test pattern, so speech recognition runs long. */
    public static synchronized Path longSpeech() {
        return generate("long-speech.mp4", out -> ffmpeg("-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=48",
                "-stream_loop", "-1", "-i", SPEECH_AUDIO.toString(), "-t", "48", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", out.toString()));
    }

    /**
     * speech-twice.mp4: the speech fixture, 3 s of silence, then the fixture again, over a small test pattern: speech
     * recognition ends an utterance at the pause, so the second segment starts about 15 s in.
     */
    public static synchronized Path speechTwice() {
        return generate("speech-twice.mp4", out -> ffmpeg("-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=31",
                "-i", SPEECH_AUDIO.toString(), "-i", SPEECH_AUDIO.toString(), "-filter_complex",
                "[1:a]apad=pad_dur=3[first];[first][2:a]concat=n=2:v=0:a=1[a]", "-map", "0:v", "-map", "[a]",
                "-shortest", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                out.toString()));
    }

    /** long.mp4: two minutes of tone over a small test pattern, so a stage runs long enough to be cancelled. */
    public static synchronized Path longClip() {
        return generate("long.mp4", out -> ffmpeg(
                "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=120",
                "-f", "lavfi", "-i", "sine=frequency=300:duration=120",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", out.toString()));
    }

    /** hd.mp4: a 10 s 1280x720 30 fps clip with speech and x264's default GOP, the benchmark's first input. */
    public static synchronized Path hdClip() {
        return generate("hd.mp4", out -> ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30:duration=10",
                "-i", SPEECH_AUDIO.toString(), "-af", "apad", "-t", "10", "-c:v", "libx264", "-preset", "veryfast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", out.toString()));
    }

    /** fullhd.mp4: 2 minutes of 1920x1080 30 fps with a keyframe every 2 s and looped speech, the second input. */
    public static synchronized Path fullHdClip() {
        return generate("fullhd.mp4", out -> ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=120",
                "-stream_loop", "-1", "-i", SPEECH_AUDIO.toString(), "-t", "120", "-c:v", "libx264", "-preset", "veryfast",
                "-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-c:a", "aac",
                out.toString()));
    }

    /**
     * multipart.mp4: 5 s of 640x360 noise at 20 Mbit/s, about 12 MB: a real video that spans several upload parts
     * (S3 takes no part under 5 MiB but the last).
     */
    public static synchronized Path multipartClip() {
        return generate("multipart.mp4", out -> ffmpeg("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=5",
                "-vf", "noise=alls=100:allf=t", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "20M",
                "-minrate", "20M", "-maxrate", "20M", "-bufsize", "4M", "-x264-params", "nal-hrd=cbr",
                "-pix_fmt", "yuv420p", out.toString()));
    }

    /** corrupt.mp4: random bytes with a video file name. */
    public static synchronized Path notMedia() {
        return generate("corrupt.mp4", out -> {
            byte[] bytes = new byte[64 * 1024];
            new Random(42).nextBytes(bytes);
            Files.write(out, bytes);
        });
    }

    private static String readFixtureText() {
        try {
            return Files.readString(SPEECH_AUDIO.resolveSibling("speech.txt"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the speech fixture's text", e);
        }
    }

    private interface Generator {
        void write(Path out) throws IOException;
    }

    private static Path generate(String name, Generator generator) {
        Path out = DIR.resolve(name);
        try {
            if (Files.isRegularFile(out) && Files.size(out) > 0) {
                return out;
            }
            Files.createDirectories(DIR);
            Path partial = DIR.resolve("partial-" + name);
            Files.deleteIfExists(partial);
            generator.write(partial);
            Files.move(partial, out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot generate test media " + name, e);
        }
    }

    private static void ffmpeg(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-nostdin"));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException(command.get(0) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
