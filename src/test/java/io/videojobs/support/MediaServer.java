package io.videojobs.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server the engine downloads test videos from: {@code /media/<file>} serves a file of
 * target/test-media, {@code /redirect?to=<url>} answers 302 to any URL.
 */
public final class MediaServer implements AutoCloseable {

    /** The prefix of the names of the threads that serve requests. */
    public static final String THREAD_NAME_PREFIX = "media-server-";

    private final HttpServer server;
    private final ExecutorService executor;

    private MediaServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static MediaServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/media/", exchange -> {
                Path file = TestMedia.DIR.resolve(exchange.getRequestURI().getPath().substring("/media/".length()));
                if (!Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "video/mp4");
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            });
            server.createContext("/redirect", exchange -> {
                String to = exchange.getRequestURI().getQuery().substring("to=".length());
                exchange.getResponseHeaders().add("Location", to);
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            AtomicInteger threads = new AtomicInteger();
            // named, so that EngineBenchmark can tell the CPU spent serving the clip from the service's own
            ExecutorService executor = Executors.newFixedThreadPool(4,
                    task -> new Thread(task, THREAD_NAME_PREFIX + threads.incrementAndGet()));
            server.setExecutor(executor);
            server.start();
            return new MediaServer(server, executor);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url(Path file) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/media/" + file.getFileName();
    }

    public String redirectTo(String target) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/redirect?to=" + target;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
