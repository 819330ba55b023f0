package io.videojobs.bench;

import io.videojobs.support.HttpReceiver;
import io.videojobs.support.MediaServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * CPU time of the service in this JVM and of its ended child processes:
 * <ul>
 *   <li>{@code jvmSeconds}: the process's CPU time ({@code CLOCK_PROCESS_CPUTIME_ID}, in nanoseconds), less the benchmark's own threads (the calling
 *       thread, which submits jobs, waits for them and runs the raw commands; the {@link MediaServer} threads and
 *       the JDK HTTP server's dispatcher, which serve the clip; the {@link HttpReceiver} threads, which answer
 *       webhook deliveries; and Surefire's threads, which carry the forked test JVM's output to Maven) and less the
 *       housekeeping threads;</li>
 *   <li>{@code housekeepingSeconds}: the JIT compiler and garbage collector threads ({@code /proc/self/task/}
 *       {@code schedstat}, in nanoseconds). They are reported apart:
 *       in this test JVM they also compile and collect for the harness (REST Assured's Groovy in particular),
 *       and their compiling is warm-up that a long-running service amortises;</li>
 *   <li>{@code childrenSeconds}: {@code cutime + cstime} of {@code /proc/self/stat}, in 10 ms clock ticks. The
 *       kernel adds a child's CPU there when the parent reaps it, and the JDK reaps each child the moment it exits, so once a job has ended every ffmpeg and
 *       ffprobe it ran is counted, whichever thread started it. Plus the CPU so far of the children still alive:
 *       the service's one long-lived child, the shell that kills its ffmpeg if the JVM dies. A live child that is
 *       the benchmark's own (S3Proxy, the store of an {@code s3} run) is left out with all it ran: its own children's
 *       CPU is in its {@code stat}, never in this JVM's, until this JVM reaps it when the run ends.</li>
 * </ul>
 * Unlike wall time, this does not depend on what else the machine runs. The JVM figures are read in nanoseconds
 * because the service's share of a short job is a few ticks, which a tick count would round away. A housekeeping
 * thread that ends between two readings takes its CPU out of the housekeeping sum, so it then counts as the
 * service's: the error only ever makes the service look more expensive.
 */
record ProcessCpu(double jvmSeconds, double housekeepingSeconds, double childrenSeconds) {

    private static final double TICKS_PER_SECOND = 100.0;
    /** Name prefixes of the harness's long-lived threads. */
    private static final List<String> HARNESS = List.of(MediaServer.THREAD_NAME_PREFIX, HttpReceiver.THREAD_NAME,
            "HTTP-Dispatcher", "surefire-forkedjvm-");
    /**
     * Thread names (as {@code /proc} shortens them to 15 characters) of HotSpot's own threads: the compilers, the
     * garbage collector and the VM's periodic and service threads, which run whatever the application does.
     */
    private static final List<String> HOUSEKEEPING = List.of("C1 CompilerThre", "C2 CompilerThre", "GC Thread",
            "G1 ", "GC ", "VM Thread", "Sweeper thread", "VM Periodic Tas", "Monitor Deflati", "Service Thread");

    /**
     * Must be called from the benchmark's thread: its CPU is the harness's, not the service's. The live children in
     * {@code harness} are the benchmark's own processes, not counted.
     */
    static ProcessCpu now(Set<Long> harness) {
        long[] self = ticks(Path.of("/proc/self/stat"));
        double housekeeping = housekeepingNanos() / 1e9;
        double process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        long liveChildren = ProcessHandle.current().children().filter(child -> !harness.contains(child.pid()))
                .mapToLong(child -> LongStream.of(ticks(Path.of("/proc", Long.toString(child.pid()), "stat"))).sum())
                .sum();
        return new ProcessCpu(process - harnessSeconds() - housekeeping, housekeeping,
                (self[2] + self[3] + liveChildren) / TICKS_PER_SECOND);
    }

    /** Which processes {@link #now} counts now and which live children it leaves out, for the benchmark to print. */
    static String counted(Set<Long> harness) {
        Map<Boolean, List<String>> children = ProcessHandle.current().children().collect(Collectors.partitioningBy(
                child -> harness.contains(child.pid()),
                Collectors.mapping(ProcessCpu::describe, Collectors.toList())));
        return "this JVM (pid " + ProcessHandle.current().pid() + ") less the benchmark's and HotSpot's threads; "
                + "its ended children (ffmpeg, ffprobe); its live children " + children.get(false)
                + "; not counted, the benchmark's own: " + children.get(true);
    }

    private static String describe(ProcessHandle process) {
        String command = process.info().commandLine().orElse("?").replaceAll("\\s+", " ");
        return process.pid() + " " + (command.length() > 100 ? command.substring(0, 100) + "…" : command);
    }

    ProcessCpu minus(ProcessCpu earlier) {
        return new ProcessCpu(jvmSeconds - earlier.jvmSeconds, housekeepingSeconds - earlier.housekeepingSeconds,
                childrenSeconds - earlier.childrenSeconds);
    }

    /** The service's CPU: its JVM threads and its child processes. */
    double total() {
        return jvmSeconds + childrenSeconds;
    }

    /**
     * CPU of the calling thread and of the harness's long-lived threads: the media server's (its handlers and
     * the JDK HTTP server's dispatcher) and Surefire's, which stream this JVM's output to Maven and do not
     * exist in a deployed service.
     */
    private static double harnessSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = threads.getCurrentThreadCpuTime();
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && HARNESS.stream().anyMatch(thread.getThreadName()::startsWith)) {
                nanos += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return nanos / 1e9;
    }

    /** From each thread's {@code schedstat}, whose first field is the nanoseconds it ran. */
    private static long housekeepingNanos() {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String name = name(task);
                if (name != null && HOUSEKEEPING.stream().anyMatch(name::startsWith)) {
                    sum += ranNanos(task);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc/self/task", e);
        }
        return sum;
    }

    private static long ranNanos(Path task) {
        try {
            return Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
        } catch (IOException e) {
            return 0; // the thread ended
        }
    }

    private static String name(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return null; // the thread ended
        }
    }

    /** utime, stime, cutime and cstime of a {@code stat} file; zeros when the thread has ended. */
    private static long[] ticks(Path stat) {
        try {
            String line = Files.readString(stat);
            // fields after the parenthesised command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14])};
        } catch (IOException e) {
            return new long[4];
        }
    }
}
