package io.videojobs.processing.media;

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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Which ffmpeg and ffprobe the engine runs. A path in {@code video-jobs.engine.ffmpeg-path} / {@code ffprobe-path}
 * wins; a bare name (the default, {@code ffmpeg}) is looked up on {@code PATH}; failing that, the build that
 * {@code org.bytedeco:ffmpeg} ships for this platform, which is on the classpath of {@code quarkus:dev} and the
 * tests only, is unpacked once to {@code ~/.cache/video-jobs/} (or {@code $XDG_CACHE_HOME/video-jobs/}).
 * <p>
 * On Linux that build needs two fixes to start on a machine with nothing but the C and C++ runtimes: its libva
 * files are shipped without the versioned names that its libraries ask for (JavaCPP's loader links them at run
 * time; here a symbolic link per {@code SONAME} does), and its {@code libavdevice} needs PulseAudio, ALSA and XCB
 * for capture devices the engine never opens ({@link ElfDependencies#removeNeeded} drops those needs). Its
 * libraries are found through {@code LD_LIBRARY_PATH}, which {@link #processBuilder} sets.
 */
@ApplicationScoped
public class FfmpegExecutables {

    /** Bumped whenever {@link #unpack} lays the files out differently, so an older unpacked copy is not reused. */
    private static final String UNPACKED_LAYOUT = "-2";
    /** The system libraries of libavdevice's PulseAudio, ALSA and X11-grab devices, which the engine never opens. */
    private static final Set<String> CAPTURE_DEVICE_LIBRARIES = Set.of("libpulse.so.0", "libasound.so.2", "libxcb.so.1",
            "libxcb-shm.so.0", "libxcb-shape.so.0", "libxcb-xfixes.so.0");

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

    /** A process builder for a command that starts with {@link #ffmpeg()} or {@link #ffprobe()}, possibly wrapped. */
    public ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Resolved both = resolved();
        Optional.ofNullable(both.ffmpeg().libraries()).or(() -> Optional.ofNullable(both.ffprobe().libraries()))
                .ifPresent(libraries -> builder.environment().merge("LD_LIBRARY_PATH", libraries.toString(),
                        (inherited, bundled) -> bundled + File.pathSeparator + inherited));
        return builder;
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
            return new Executable(configured, "configured", Files.isExecutable(Path.of(configured)), null);
        }
        return onPath(configured)
                .map(path -> new Executable(path.toString(), "from PATH", true, null))
                .or(() -> bundled(tool).map(path -> new Executable(path.toString(), "bundled org.bytedeco:ffmpeg build",
                        true, path.getParent())))
                .orElseGet(() -> new Executable(configured, "not found on PATH, and no bundled build", false, null));
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
        String name = Path.of(jar.getName()).getFileName().toString().replaceFirst("\\.jar$", "") + UNPACKED_LAYOUT;
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
        if (platform().startsWith("linux")) {
            makeSelfContained(partial);
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

    /** Links each library under the name other libraries need it by, and drops libavdevice's capture-device needs. */
    private static void makeSelfContained(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path library : files.filter(file -> file.getFileName().toString().startsWith("lib")).toList()) {
                Optional<String> soname = ElfDependencies.soname(library);
                if (soname.isPresent() && Files.notExists(directory.resolve(soname.get()))) {
                    Files.createSymbolicLink(directory.resolve(soname.get()), library.getFileName());
                }
                if (library.getFileName().toString().startsWith("libavdevice.so")) {
                    ElfDependencies.removeNeeded(library, CAPTURE_DEVICE_LIBRARIES);
                }
            }
        }
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

    /** {@code libraries} is the directory of a bundled build's libraries, null for any other executable. */
    private record Executable(String path, String origin, boolean found, Path libraries) {
        String describe() {
            return found ? path + " (" + origin + ")" : "'" + path + "' " + origin;
        }
    }

    private record Resolved(Executable ffmpeg, Executable ffprobe) {
    }
}
