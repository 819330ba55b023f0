package io.videojobs.processing.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU one ffmpeg or ffprobe child used, in seconds, as it ends. Linux adds a child's CPU to the JVM's
 * {@code cutime + cstime} ({@code /proc/self/stat}) when the child is reaped, which the JDK does the moment it exits;
 * so for a child that was the engine's only one from its start to its end, that figure's growth over its life is
 * exactly its CPU, including its last moments. When other children ran meanwhile, that growth holds theirs too, and
 * the child's own {@code /proc/<pid>/stat} is used instead, as last read while it ran (on its output lines, at most
 * every 0.1 s, and once more as its output ends): that misses what it used after the last read. Off Linux, 0.
 */
final class ChildProcessCpu {

    /** USER_HZ, the unit of the times in {@code /proc/.../stat}: 100 on every Linux the service runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final long SAMPLE_NANOS = 100_000_000L;
    private static final Path SELF = Path.of("/proc/self/stat");
    /** The engine's children alive now, and a count of every start and end, to tell a child that ran alone. */
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicLong CHANGES = new AtomicLong();

    private final Path stat;
    private final long reapedBefore;
    private final boolean aloneAtStart;
    private final long changeAtStart;
    private long ownTicks;
    private long lastSample;

    private ChildProcessCpu(Process process) {
        this.stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        this.aloneAtStart = RUNNING.incrementAndGet() == 1;
        this.changeAtStart = CHANGES.incrementAndGet();
        this.reapedBefore = reapedChildrenTicks();
    }

    /** Starts measuring a child that has just started. */
    static ChildProcessCpu of(Process process) {
        return new ChildProcessCpu(process);
    }

    /** Reads the child's own CPU so far, unless that was done less than 0.1 s ago. */
    void sample() {
        long now = System.nanoTime();
        if (now - lastSample >= SAMPLE_NANOS) {
            lastSample = now;
            read();
        }
    }

    /** Reads the child's own CPU so far (it is exiting: its output has ended), if it has not been reaped yet. */
    void read() {
        long[] ticks = ticks(stat);
        if (ticks != null) {
            ownTicks = Math.max(ownTicks, ticks[0] + ticks[1] + ticks[2] + ticks[3]);
        }
    }

    /** Once the child has been waited for: its CPU seconds. */
    double ended() {
        boolean alone = aloneAtStart && CHANGES.incrementAndGet() == changeAtStart + 1;
        RUNNING.decrementAndGet();
        long reaped = reapedChildrenTicks() - reapedBefore;
        return (alone && reaped >= ownTicks ? reaped : ownTicks) / TICKS_PER_SECOND;
    }

    private static long reapedChildrenTicks() {
        long[] ticks = ticks(SELF);
        return ticks == null ? 0 : ticks[2] + ticks[3];
    }

    /** utime, stime, cutime and cstime of a {@code stat} file (fields 14 to 17), or null when it cannot be read. */
    private static long[] ticks(Path file) {
        try {
            String line = Files.readString(file);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
