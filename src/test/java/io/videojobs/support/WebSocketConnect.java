package io.videojobs.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/** Starts Vert.x client WebSockets on an event loop, where no frame can arrive before their handlers are attached. */
public final class WebSocketConnect {

    private WebSocketConnect() {
    }

    /**
     * Connects {@code socket}, whose handlers are already set. Vert.x copies them onto the upgraded socket in a
     * listener that {@code connect} registers after starting the upgrade. Started from any other thread, the
     * upgrade can complete first; the listener then runs as a later event-loop task, and a frame read in between
     * (the server's {@code CONNECTION_ACK}) finds no handler and is dropped.
     */
    public static Future<WebSocket> connect(Vertx vertx, ClientWebSocket socket, WebSocketConnectOptions options) {
        Promise<WebSocket> connected = Promise.promise();
        vertx.runOnContext(ignored -> socket.connect(options).onComplete(connected));
        return connected.future();
    }
}
