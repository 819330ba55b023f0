package io.videojobs.processing.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChildProcessCpuTest {

    /** A shell that counts to 200,000: single-threaded CPU work of a few tenths of a second. */
    private static final List<String> BUSY = List.of("/bin/sh", "-c",
            "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done");

    @Test
    void aChildThatWorksReportsCpuTimeNoMoreThanTheTimeItRan() throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(BUSY).start();
        ChildProcessCpu cpu = ChildProcessCpu.of(process);
        cpu.read();
        process.waitFor();
        double seconds = cpu.ended();
        double wall = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds >= 0.05, seconds + " s of CPU");
        assertTrue(seconds <= wall + 0.02, seconds + " s of CPU in " + wall + " s");
    }
}
