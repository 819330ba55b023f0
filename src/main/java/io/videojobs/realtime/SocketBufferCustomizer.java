package io.videojobs.realtime;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.videojobs.config.RealtimeConfig;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/** Applies {@code video-jobs.ws.socket-send-buffer-bytes}, when set, to the HTTP server's sockets. */
@ApplicationScoped
public class SocketBufferCustomizer implements HttpServerOptionsCustomizer {

    private final RealtimeConfig config;

    public SocketBufferCustomizer(RealtimeConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        config.socketSendBufferBytes().ifPresent(options::setSendBufferSize);
    }
}
