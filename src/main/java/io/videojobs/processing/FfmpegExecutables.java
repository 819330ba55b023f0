package io.videojobs.processing;

import io.videojobs.config.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Which ffmpeg and ffprobe the engine runs. A path in {@code video-jobs.engine.ffmpeg-path} / {@code ffprobe-path}
 * wins; a bare name (the default, {@code ffmpeg}) is looked up on {@code PATH}; failing that, the build that
 * {@code org.bytedeco:ffmpeg} ships for this platform, which is on the classpath of {@code quarkus:dev} and the
 * tests only, is unpacked once to {@code ~/.cache/video-jobs/} (or {@code $XDG_CACHE_HOME/video-jobs/}).
 */
@ApplicationScoped
public class FfmpegExecutables {

    private final EngineConfig config;
    private volatile Resolved resolved;

    public FfmpegExecutables(EngineConfig config) {
        this.config = config;
    }

    /** The ffmpeg to run. */
    public String ffmpeg() {
        return resolved().ffmpeg().path();
    }

    /** The ffprobe to run. */
    public String ffprobe() {
        return resolved().ffprobe().path();
    }

    /** Whether both executables were found. */
    public boolean found() {
        return resolved().ffmpeg().found() && resolved().ffprobe().found();
    }

    /** One line for the start-up log and the readiness data: which executables, from where. */
    public String description() {
        Resolved both = resolved();
        return "ffmpeg " + both.ffmpeg().describe() + ", ffprobe " + both.ffprobe().describe();
    }

    private Resolved resolved() {
        Resolved known = resolved;
        if (known == null) {
            synchronized (this) {
                if (resolved == null) {
                    resolved = new Resolved(locate(config.ffmpegPath(), "ffmpeg"), locate(config.ffprobePath(), "ffprobe"));
                }
                known = resolved;
            }
        }
        return known;
    }

    private static Executable locate(String configured, String tool) {
        if (configured.contains("/") || configured.contains(File.separator)) {
            return new Executable(configured, "configured", Files.isExecutable(Path.of(configured)));
        }
        return onPath(configured)
                .map(path -> new Executable(path.toString(), "from PATH", true))
                .or(() -> bundled(tool).map(path -> new Executable(path.toString(), "bundled org.bytedeco:ffmpeg build", true)))
                .orElseGet(() -> new Executable(configured, "not found on PATH, and no bundled build", false));
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            for (String candidate : new String[] {name, name + ".exe"}) {
                Path file = Path.of(directory.isEmpty() ? "." : directory, candidate);
                if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                    return Optional.of(file.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }

    /** The bundled executable, unpacked with the libraries beside it (they are found through RUNPATH $ORIGIN). */
    private static Optional<Path> bundled(String tool) {
        String directory = "org/bytedeco/ffmpeg/" + platform() + "/";
        String executable = tool + (platform().startsWith("windows") ? ".exe" : "");
        URL resource = Thread.currentThread().getContextClassLoader().getResource(directory + executable);
        if (resource == null) {
            resource = FfmpegExecutables.class.getClassLoader().getResource(directory + executable);
        }
        if (resource == null || !resource.getProtocol().equals("jar")) {
            return Optional.empty();
        }
        try {
            JarURLConnection connection = (JarURLConnection) resource.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                Path target = unpack(jar, directory);
                return Optional.of(target.resolve(executable));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the bundled " + tool + " from " + resource, e);
        }
    }

    private static synchronized Path unpack(JarFile jar, String directory) throws IOException {
        String name = Path.of(jar.getName()).getFileName().toString().replaceFirst("\\.jar$", "");
        Path target = cacheDirectory().resolve(name);
        if (Files.exists(target.resolve(".complete"))) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempDirectory(target.getParent(), name + "-partial-");
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            JarEntry entry = entries.nextElement();
            String file = entry.getName().substring(Math.min(entry.getName().length(), directory.length()));
            // The JNI bindings (libjni*) are for the Java API, not for the executables
            if (!entry.getName().startsWith(directory) || entry.isDirectory() || file.startsWith("libjni")) {
                continue;
            }
            Path out = partial.resolve(file);
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, out);
            }
            out.toFile().setExecutable(true, false);
        }
        Files.createFile(partial.resolve(".complete"));
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Another process unpacked it first
            if (!Files.exists(target.resolve(".complete"))) {
                throw e;
            }
        }
        return target;
    }

    private static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("video-jobs");
    }

    /** bytedeco's platform name for this JVM's OS and architecture. */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String cpu = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x86_64";
        if (os.contains("mac")) {
            return "macosx-" + cpu;
        }
        return (os.contains("win") ? "windows-" : "linux-") + cpu;
    }

    private record Executable(String path, String origin, boolean found) {
        String describe() {
            return found ? path + " (" + origin + ")" : "'" + path + "' " + origin;
        }
    }

    private record Resolved(Executable ffmpeg, Executable ffprobe) {
    }
}
