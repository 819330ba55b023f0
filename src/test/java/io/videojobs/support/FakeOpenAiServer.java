package io.videojobs.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible API on a random local port, for contract tests: {@code POST /v1/audio/transcriptions}
 * (multipart, answers {@code verbose_json}) and {@code POST /v1/chat/completions} (answers a chat completion
 * whose message content is the metadata JSON), in the shapes of OpenAI's API reference. Each endpoint replays
 * a script of replies (errors, hangs, malformed bodies) before answering normally, and records every request.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    public static final String TRANSCRIPTIONS = "/v1/audio/transcriptions";
    public static final String CHAT = "/v1/chat/completions";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int WAV_BYTES_PER_SECOND = 32_000;

    /** One scripted answer. */
    public record Reply(int status, String body, Map<String, String> headers, boolean hangs, CountDownLatch gate) {

        public static Reply status(int status, String body, Map<String, String> headers) {
            return new Reply(status, body, headers, false, null);
        }

        /** 200 with this body as it is (for malformed answers). */
        public static Reply raw(String body) {
            return new Reply(200, body, Map.of(), false, null);
        }

        /** Never answers: the client's timeout has to end the request. */
        public static Reply hang() {
            return new Reply(0, null, Map.of(), true, null);
        }

        /** The normal answer, sent once {@code gate} has opened. */
        public static Reply normalAfter(CountDownLatch gate) {
            return new Reply(200, null, Map.of(), false, gate);
        }

        /** The normal answer with a chat message content replaced (for schema violations). */
        public static Reply chatContent(String content) {
            return new Reply(200, completion(content), Map.of(), false, null);
        }
    }

    /** A request as the server saw it: multipart fields and the uploaded file's size, or the JSON body. */
    public record Recorded(String path, String authorization, Map<String, String> fields, String fileName,
                           int fileBytes, double wavSeconds, JsonNode json, boolean answered) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Deque<Reply> transcriptionScript = new ConcurrentLinkedDeque<>();
    private final Deque<Reply> chatScript = new ConcurrentLinkedDeque<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private int chunksAnswered;

    private FakeOpenAiServer() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    public static FakeOpenAiServer start() {
        try {
            return new FakeOpenAiServer();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the fake OpenAI server", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Forgets recorded requests and scripts; the next transcription answer is chunk 0 again. */
    public synchronized void reset() {
        transcriptionScript.clear();
        chatScript.clear();
        requests.clear();
        chunksAnswered = 0;
    }

    public void scriptTranscriptions(Reply... replies) {
        transcriptionScript.addAll(List.of(replies));
    }

    public void scriptChat(Reply... replies) {
        chatScript.addAll(List.of(replies));
    }

    public List<Recorded> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The transcription uploads that got a normal answer, in order: one per audio chunk. */
    public List<Recorded> answeredChunks() {
        return requests(TRANSCRIPTIONS).stream().filter(Recorded::answered).toList();
    }

    /** The text the normal transcription answer gives for a chunk's two segments. */
    public static String segmentText(int chunk, boolean opening) {
        return String.format(Locale.ROOT, "Chunk %d %s: the quick brown fox jumps over the lazy dog.", chunk,
                opening ? "opens" : "closes");
    }

    private void handle(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (request.path().equals(TRANSCRIPTIONS) && request.method().name().equals("POST")) {
            request.setExpectMultipart(true);
            List<Buffer> file = new ArrayList<>();
            String[] fileName = new String[1];
            request.uploadHandler(upload -> {
                fileName[0] = upload.filename();
                Buffer buffer = Buffer.buffer();
                file.add(buffer);
                upload.handler(buffer::appendBuffer);
            });
            request.endHandler(ignored -> {
                Map<String, String> fields = new java.util.LinkedHashMap<>();
                request.formAttributes().forEach(entry -> fields.put(entry.getKey(), entry.getValue()));
                Buffer wav = file.isEmpty() ? Buffer.buffer() : file.get(0);
                double seconds = wavSeconds(wav);
                answer(request, transcriptionScript, reply -> {
                    boolean normal = reply == null || (reply.body() == null && reply.status() == 200);
                    requests.add(new Recorded(TRANSCRIPTIONS, authorization, fields, fileName[0], wav.length(), seconds,
                            null, normal));
                    return normal ? transcription(seconds) : reply.body();
                });
            });
        } else if (request.path().equals(CHAT) && request.method().name().equals("POST")) {
            request.body().onSuccess(body -> {
                JsonNode json = readOrNull(body.toString());
                answer(request, chatScript, reply -> {
                    boolean normal = reply == null || (reply.body() == null && !reply.hangs());
                    requests.add(new Recorded(CHAT, authorization, Map.of(), null, 0, 0, json, normal));
                    return normal ? completion(metadataFor(json)) : reply.body();
                });
            });
        } else {
            request.response().setStatusCode(404).end("{\"error\":{\"message\":\"Unknown path\",\"type\":\"invalid_request_error\"}}");
        }
    }

    private interface Answerer {
        String body(Reply reply);
    }

    private void answer(HttpServerRequest request, Deque<Reply> script, Answerer answerer) {
        Reply reply = script.poll();
        if (reply != null && reply.hangs()) {
            answerer.body(reply);
            return;
        }
        Runnable send = () -> {
            String body = answerer.body(reply);
            var response = request.response().setStatusCode(reply == null ? 200 : reply.status())
                    .putHeader("Content-Type", "application/json");
            if (reply != null) {
                reply.headers().forEach(response::putHeader);
            }
            response.end(body == null ? "" : body);
        };
        if (reply != null && reply.gate() != null) {
            vertx.executeBlocking(() -> reply.gate().await(5, TimeUnit.MINUTES)).onComplete(ignored -> send.run());
        } else {
            send.run();
        }
    }

    /** Seconds of 16 kHz mono 16-bit audio in a WAV file: the size of its {@code data} chunk. */
    private static double wavSeconds(Buffer wav) {
        for (int at = 12; at + 8 <= wav.length(); ) {
            String id = wav.getString(at, at + 4, "US-ASCII");
            long size = wav.getUnsignedIntLE(at + 4);
            if (id.equals("data")) {
                return Math.min(size, wav.length() - at - 8) / (double) WAV_BYTES_PER_SECOND;
            }
            at += 8 + (int) size + (int) (size % 2);
        }
        return 0;
    }

    /** A verbose_json answer for one chunk: two segments splitting it in half, times relative to the chunk. */
    private synchronized String transcription(double seconds) {
        int chunk = chunksAnswered++;
        double duration = Math.max(0.1, seconds);
        double half = Math.round(duration / 2 * 100) / 100.0;
        ObjectNode root = MAPPER.createObjectNode();
        root.put("task", "transcribe").put("language", "english").put("duration", duration);
        root.put("text", " " + segmentText(chunk, true) + " " + segmentText(chunk, false));
        ArrayNode segments = root.putArray("segments");
        segments.add(segment(0, 0, half, segmentText(chunk, true)));
        segments.add(segment(1, half, Math.round(duration * 100) / 100.0, segmentText(chunk, false)));
        return root.toString();
    }

    private static ObjectNode segment(int id, double start, double end, String text) {
        ObjectNode segment = MAPPER.createObjectNode();
        segment.put("id", id).put("seek", 0).put("start", start).put("end", end).put("text", " " + text);
        segment.putArray("tokens").add(50364).add(2012).add(50414);
        segment.put("temperature", 0.0).put("avg_logprob", -0.25).put("compression_ratio", 1.1)
                .put("no_speech_prob", 0.02);
        return segment;
    }

    /** The metadata a model would write for the request: one chapter title per chapter it was given. */
    private static String metadataFor(JsonNode request) {
        int chapters = 0;
        JsonNode messages = request == null ? null : request.path("messages");
        if (messages != null) {
            for (JsonNode message : messages) {
                JsonNode input = "user".equals(message.path("role").asText()) ? readOrNull(message.path("content").asText()) : null;
                if (input != null) {
                    chapters = input.path("chapters").size();
                }
            }
        }
        ObjectNode content = MAPPER.createObjectNode();
        content.put("title", "Colour fields in three acts");
        content.put("description", "Three flat colour fields follow each other, three seconds each.");
        content.putArray("tags").add("Colour").add("test pattern");
        ArrayNode titles = content.putArray("chapter_titles");
        for (int i = 0; i < chapters; i++) {
            titles.add("Act " + (i + 1));
        }
        return content.toString();
    }

    /** A chat completion in OpenAI's documented shape with {@code content} as the assistant message. */
    static String completion(String content) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT").put("object", "chat.completion")
                .put("created", 1741569952).put("model", "gpt-4o-mini-2024-07-18");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        root.putObject("usage").put("prompt_tokens", 412).put("completion_tokens", 61).put("total_tokens", 473);
        root.put("service_tier", "default").put("system_fingerprint", "fp_06737a9306");
        return root.toString();
    }

    private static JsonNode readOrNull(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        vertx.close();
    }
}
