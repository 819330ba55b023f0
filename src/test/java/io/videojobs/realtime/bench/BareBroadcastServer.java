package io.videojobs.realtime.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's baseline: a bare Vert.x WebSocket broadcast server with no auth, no database and no
 * limits. It speaks just enough of the /ws protocol for the same load generator: subscribe with job_ids,
 * then receive JOB messages. {@code POST /publish/<job id>?sent=<n>} broadcasts one message to that job's sockets, with the
 * content {@code bench <n>} as the service's messages carry the title the load generator wrote.
 * Run: {@code java -cp <test classpath> io.videojobs.realtime.bench.BareBroadcastServer <port>}
 */
public final class BareBroadcastServer {

    private BareBroadcastServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        Map<String, List<ServerWebSocket>> topics = new ConcurrentHashMap<>();
        AtomicLong seq = new AtomicLong();
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                .webSocketHandler(ws -> {
                    ws.textMessageHandler(text -> {
                        JsonArray ids = new JsonObject(text).getJsonArray("job_ids");
                        for (int i = 0; i < ids.size(); i++) {
                            topics.computeIfAbsent(ids.getString(i), k -> new CopyOnWriteArrayList<>()).add(ws);
                        }
                        ws.writeTextMessage(new JsonObject().put("type", "SUBSCRIBED").putNull("job_id")
                                .put("data", new JsonObject().put("job_ids", ids)).put("timestamp", Instant.now().toString()).encode());
                    });
                    ws.closeHandler(v -> topics.values().forEach(list -> list.remove(ws)));
                })
                .requestHandler(request -> {
                    String topic = request.path().substring("/publish/".length());
                    String message = new JsonObject().put("type", "METADATA_UPDATE").put("job_id", topic)
                            .put("data", new JsonObject().put("metadata_type", "TITLE").put("content", "bench " + request.getParam("sent")))
                            .put("timestamp", Instant.now().toString()).put("seq", seq.incrementAndGet()).encode();
                    for (ServerWebSocket ws : topics.getOrDefault(topic, List.of())) {
                        ws.writeTextMessage(message);
                    }
                    request.response().end();
                })
                .listen(port)
                .onSuccess(server -> System.out.println("BARE READY " + port))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }
}
