package io.videojobs.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node script of the web UI workspace (src/main/webui) from a JUnit test against the service under test:
 * the script gets its settings as environment variables, its output is streamed to the test log and to
 * target/{name}.log, and a non-zero exit fails the test. A test and its script can also talk: the test waits for
 * a line the script prints ({@link #awaitLine}) and answers on the script's standard input ({@link #send}).
 */
public final class NodeScript implements AutoCloseable {

    public static final Path WEBUI = Path.of("src", "main", "webui").toAbsolutePath();

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<String> output = new ArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private NodeScript(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(this::pump, "node-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts {@code node <script>} in src/main/webui, e.g. {@code start("e2e/client.it.mjs", env)}. The built
     * packages (dist/) and node_modules must exist: a Quinoa build ({@code package}, or a test profile that turns
     * Quinoa on) makes them.
     */
    public static NodeScript start(String script, Map<String, String> env) throws IOException {
        if (!Files.isDirectory(WEBUI.resolve("node_modules"))) {
            throw new IllegalStateException("Run after package: " + WEBUI.resolve("node_modules") + " is missing");
        }
        String name = Path.of(script).getFileName().toString().replaceAll("\\.m?js$", "");
        // Node 20 has the browser WebSocket API only behind a flag; Node 22 and later have it by default.
        List<String> command = new ArrayList<>(List.of("node"));
        if (nodeMajorVersion() < 22) {
            command.add("--experimental-websocket");
        }
        command.add(script);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(WEBUI.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        return new NodeScript(name, builder.start());
    }

    private static int nodeMajorVersion() throws IOException {
        Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
        String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return Integer.parseInt(text.replaceFirst("^v(\\d+).*", "$1"));
    }

    /** Runs a script to its end; fails the test if it exits non-zero or outlives the timeout. */
    public static void run(String script, Map<String, String> env, Duration timeout) throws Exception {
        try (NodeScript node = start(script, env)) {
            node.awaitSuccess(timeout);
        }
    }

    /** Waits for an output line that starts with {@code prefix} and returns it. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS)
                    : null;
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                fail(name + " exited with " + process.exitValue() + " before printing '" + prefix + "':\n" + output());
            }
            if (left <= 0) {
                fail(name + " did not print '" + prefix + "' within " + timeout + ":\n" + output());
            }
        }
    }

    /** Writes one line to the script's standard input. */
    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Waits for the script to exit; fails the test with its output unless it exits 0 in time. */
    public void awaitSuccess(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            fail(name + " did not finish within " + timeout + ":\n" + output());
        }
        reader.join(5000);
        if (process.exitValue() != 0) {
            fail(name + " exited with " + process.exitValue() + ":\n" + output());
        }
    }

    public synchronized String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private void pump() {
        Path log = Path.of("target", name + ".log");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println("[" + name + "] " + line);
                file.println(line);
                file.flush();
                synchronized (this) {
                    output.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            System.out.println("[" + name + "] output closed: " + e.getMessage());
        }
    }
}
