package io.videojobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM and of its ended child processes, from {@code /proc/self/stat}: {@code utime + stime}
 * for the JVM, {@code cutime + cstime} for the children. The kernel adds a child's CPU to {@code cutime/cstime}
 * when the parent reaps it, and the JDK reaps each child the moment it exits, so once a job has ended every
 * ffmpeg and ffprobe it ran is counted, whichever thread started it. Unlike wall time, this does not depend on
 * what else the machine runs. Clock ticks are 10 ms.
 */
record ProcessCpu(double jvmSeconds, double childrenSeconds) {

    private static final double TICKS_PER_SECOND = 100.0;

    static ProcessCpu now() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the parenthesised command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            long cutime = Long.parseLong(fields[13]);
            long cstime = Long.parseLong(fields[14]);
            return new ProcessCpu((utime + stime) / TICKS_PER_SECOND, (cutime + cstime) / TICKS_PER_SECOND);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/self/stat", e);
        }
    }

    ProcessCpu minus(ProcessCpu earlier) {
        return new ProcessCpu(jvmSeconds - earlier.jvmSeconds, childrenSeconds - earlier.childrenSeconds);
    }

    double total() {
        return jvmSeconds + childrenSeconds;
    }
}
