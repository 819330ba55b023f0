package io.videojobs.realtime.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * CPU seconds used so far by a process and the children it has, from {@code /proc}: its own {@code utime + stime},
 * the children that ended and were reaped ({@code cutime + cstime}) and the children still alive. For PostgreSQL's
 * postmaster that is the whole server, backends included, whether they ended during a phase or not; for a JVM with
 * no children, its own CPU. Unlike throughput, CPU per operation hardly depends on what else a shared machine runs.
 */
final class ProcessTreeCpu {

    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessTreeCpu() {
    }

    static double seconds(long pid) {
        long[] root = ticks(pid);
        long total = root[0] + root[1] + root[2] + root[3];
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(java.util.List.of())) {
            long[] ticks = ticks(child.pid());
            total += ticks[0] + ticks[1];
        }
        return total / TICKS_PER_SECOND;
    }

    /** CPU seconds of this process's children that ended and were reaped. */
    static double reapedChildren() {
        long[] self = ticks(ProcessHandle.current().pid());
        return (self[2] + self[3]) / TICKS_PER_SECOND;
    }

    /** utime, stime, cutime, cstime; zeros for a process that has gone. */
    private static long[] ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                Long.parseLong(fields[14])};
        } catch (NoSuchFileException e) {
            return new long[4];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
