package io.videojobs.processing;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a child process die with this JVM. The JVM cannot ask Linux to signal its children when it is killed
 * with SIGKILL (that takes {@code prctl(PR_SET_PDEATHSIG)}, i.e. native code), and an orphaned ffmpeg would run
 * on to its end. So the command runs under a small POSIX {@code sh} that also starts a watcher: once a second it
 * checks that this JVM is still alive and, when it is gone, kills the command with SIGKILL. The shell waits for
 * the command and exits with its status, so callers see the command's exit code; SIGTERM to the process and its
 * descendants still stops everything at once. Only {@code /bin/sh}, {@code kill} and {@code sleep} are needed,
 * which keeps it free of JNI and native-image friendly.
 */
final class DiesWithParent {

    /** {@code $1} is the JVM's pid, the rest the command; the watcher keeps none of the command's streams open. */
    private static final String SCRIPT = """
            jvm=$1; shift
            "$@" & child=$!
            (while kill -0 "$jvm" 2>/dev/null; do sleep 1; done; kill -9 "$child" 2>/dev/null) </dev/null >/dev/null 2>&1 &
            watcher=$!
            wait "$child"; status=$?
            kill "$watcher" 2>/dev/null
            exit "$status"
            """;

    private DiesWithParent() {
    }

    /** The command, run so that it dies with this JVM. */
    static List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "sh",
                Long.toString(ProcessHandle.current().pid())));
        wrapped.addAll(command);
        return wrapped;
    }
}
