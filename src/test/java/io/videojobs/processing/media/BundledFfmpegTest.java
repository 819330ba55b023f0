package io.videojobs.processing.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.videojobs.config.EngineConfig;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundled org.bytedeco ffmpeg build, unpacked as the engine unpacks it when no ffmpeg is on PATH: it must
 * start on a machine that has only the C and C++ runtimes, such as a fresh Debian without libpulse0 or libva2.
 */
class BundledFfmpegTest {

    /** What every Linux machine has: glibc, the C++ runtime and the loader. */
    private static final Set<String> RUNTIME = Set.of("libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1",
            "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "libpthread.so.0", "libdl.so.2", "librt.so.1");

    private final FfmpegExecutables executables = new FfmpegExecutables(configWithNothingOnPath());

    @Test
    void everyLibraryTheBundledExecutablesNeedIsInTheBundleOrTheCRuntime() throws IOException {
        assumeTrue(FfmpegExecutables.platform().startsWith("linux"), "the bundle is patched on Linux only");
        Path bundle = Path.of(executables.ffprobe()).getParent();
        assertTrue(executables.description().contains("bundled org.bytedeco:ffmpeg build"), executables.description());

        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.list(bundle)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                for (String library : ElfDependencies.needed(file)) {
                    if (!RUNTIME.contains(library) && Files.notExists(bundle.resolve(library))) {
                        missing.add(file.getFileName() + " needs " + library);
                    }
                }
            }
        }
        assertEquals(Set.of(), missing);
    }

    @Test
    void theBundledFfmpegDecodesAndTheBundledFfprobeReadsWhatItWrote() throws Exception {
        Path work = Files.createTempDirectory("bundled-ffmpeg-");
        Path clip = work.resolve("clip.mkv");
        run(List.of(executables.ffmpeg(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=25:duration=2", "-f", "lavfi", "-i", "sine=duration=2", "-shortest",
                "-c:v", "mpeg4", "-c:a", "flac", clip.toString()));
        String streams = run(List.of(executables.ffprobe(), "-v", "error", "-show_entries", "stream=codec_type",
                "-of", "csv=p=0", clip.toString()));
        assertEquals(List.of("video", "audio"), streams.lines().toList());
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Process process = executables.processBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), command.get(0) + " printed: " + output);
        return output;
    }

    /** The engine's settings with ffmpeg and ffprobe names that no PATH has, so the bundled build is chosen. */
    private static EngineConfig configWithNothingOnPath() {
        return (EngineConfig) Proxy.newProxyInstance(EngineConfig.class.getClassLoader(), new Class<?>[] {EngineConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "ffmpegPath" -> "ffmpeg-absent-from-path";
                    case "ffprobePath" -> "ffprobe-absent-from-path";
                    default -> throw new UnsupportedOperationException(method.getName() + " is not needed here");
                });
    }
}
