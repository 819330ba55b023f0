package io.videojobs.processing.media;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Makes the engine's child processes die with this JVM. The JVM cannot ask Linux to signal its children when it
 * is killed with SIGKILL (that takes {@code prctl(PR_SET_PDEATHSIG)}, i.e. native code), and an orphaned ffmpeg
 * would run on to its end. So one small POSIX {@code sh}, started once, keeps the pids of the running children,
 * which this class writes to its standard input: a pipe whose other end only this JVM holds. When the JVM is gone,
 * the kernel closes that end, the shell's {@code read} returns and it kills the children left with SIGKILL.
 * Waiting costs no CPU, and a child costs two short writes, where a shell around each command cost up to 17 ms of
 * CPU per ffmpeg run. Only {@code /bin/sh} and its built-ins are needed, which keeps it free of JNI and native-image
 * friendly. A child is taken off the list once it has been reaped, before a later child could reuse its pid.
 */
@ApplicationScoped
class DiesWithParent {

    private static final Logger LOG = Logger.getLogger(DiesWithParent.class);

    /** {@code +pid} adds a child, {@code -pid} removes it; at end of input the children left are killed. */
    private static final String SCRIPT = """
            pids=' '
            while read -r line; do
                case $line in
                    +*) pids="$pids${line#+} " ;;
                    -*) pid=${line#-}
                        case $pids in *" $pid "*) pids="${pids%% $pid *} ${pids#* $pid }" ;; esac ;;
                esac
            done
            [ -n "${pids# }" ] && kill -9 $pids
            """;

    private final Set<Long> children = new HashSet<>();
    private Process watcher;
    private OutputStream pipe;

    /**
     * Kills {@code process} if this JVM dies before it ends. A watcher that cannot be started leaves the process
     * unwatched, with a warning: the job still runs.
     */
    public void started(Process process) {
        long pid = process.pid();
        synchronized (this) {
            children.add(pid);
            try {
                if (watcher == null || !watcher.isAlive()) {
                    startWatcher();
                } else {
                    write("+" + pid + "\n");
                }
            } catch (IOException e) {
                LOG.warnf("Cannot watch child process %d: it would outlive a killed JVM (%s)", pid, e.getMessage());
            }
        }
        process.onExit().thenRun(() -> ended(pid));
    }

    /** The child has ended and been reaped, so its pid may be reused: it is no longer watched. */
    private synchronized void ended(long pid) {
        children.remove(pid);
        try {
            if (watcher != null && watcher.isAlive()) {
                write("-" + pid + "\n");
            }
        } catch (IOException e) {
            LOG.debugf(e, "Cannot tell the child watcher that %d ended", pid);
        }
    }

    /** Starts the watcher, or a new one when the last died, with the children running now. */
    private void startWatcher() throws IOException {
        watcher = new ProcessBuilder("/bin/sh", "-c", SCRIPT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        pipe = watcher.getOutputStream();
        StringBuilder lines = new StringBuilder();
        children.forEach(pid -> lines.append('+').append(pid).append('\n'));
        write(lines.toString());
    }

    private void write(String lines) throws IOException {
        pipe.write(lines.getBytes(StandardCharsets.US_ASCII));
        pipe.flush();
    }

    /** On a normal shutdown the engine has stopped its runs; closing the pipe ends the watcher. */
    @PreDestroy
    synchronized void stop() {
        if (pipe != null) {
            try {
                pipe.close();
            } catch (IOException e) {
                LOG.debug("Cannot close the child watcher's pipe", e);
            }
        }
    }
}
