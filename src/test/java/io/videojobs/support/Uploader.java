package io.videojobs.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A client of the resumable uploads API, as a browser uses it: JSON calls through {@link JobApi} (so they are
 * contract-checked), and each part's bytes PUT to its URL with no header but Content-Length, as {@code fetch} sends a
 * Blob. A part URL is the store's (s3) or a path of the service ({@code base} is prepended).
 */
public final class Uploader {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final JobApi api;
    private final String base;

    /** Sends service part URLs to {@code base}, e.g. {@code http://localhost:8081}. */
    public Uploader(JobApi api, String base) {
        this.api = api;
        this.base = base;
    }

    /** Sends service part URLs to the application under test (RestAssured's port when the call is made). */
    public Uploader(JobApi api) {
        this(api, null);
    }

    public static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Starts an upload; expects 201. */
    public JsonNode start(String fileName, long size, List<String> stages) {
        Map<String, Object> body = new HashMap<>(Map.of("filename", fileName, "size", size, "stages", stages));
        return JobApi.parseJson(api.request().contentType("application/json").body(body).post("/api/uploads")
                .then().statusCode(201).extract().asString());
    }

    /** PUTs part {@code number} of {@code file} to its URL from the start answer (or a fresh one). */
    public HttpResponse<String> putPart(JsonNode upload, int number, byte[] file) throws IOException, InterruptedException {
        String url = null;
        for (JsonNode part : upload.path("parts")) {
            if (part.path("part_number").asInt() == number) {
                url = part.path("url").asText();
            }
        }
        if (url == null) {
            url = partUrls(upload.path("upload_id").asText(), List.of(number)).path("parts").get(0).path("url").asText();
        }
        return put(url, slice(file, number, upload.path("part_size").asInt()));
    }

    /** The bytes of part {@code number} (from 1) of a file cut in parts of {@code partSize}. */
    public byte[] slice(byte[] file, int number, int partSize) {
        int from = (number - 1) * partSize;
        return Arrays.copyOfRange(file, from, Math.min(file.length, from + partSize));
    }

    /** PUTs bytes to a part URL, as {@code fetch(url, {method: 'PUT', body: blob})} does. */
    public HttpResponse<String> put(String url, byte[] bytes) throws IOException, InterruptedException {
        String service = base != null ? base : "http://localhost:" + RestAssured.port;
        URI target = URI.create(url.startsWith("/") ? service + url : url);
        return HTTP.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode state(String uploadId) {
        return JobApi.parseJson(api.request().get("/api/uploads/" + uploadId).then().statusCode(200).extract().asString());
    }

    /** The part numbers the state reports as stored. */
    public List<Integer> doneParts(JsonNode state) {
        List<Integer> numbers = new ArrayList<>();
        state.path("parts_done").forEach(part -> numbers.add(part.path("part_number").asInt()));
        return numbers;
    }

    public JsonNode partUrls(String uploadId, List<Integer> numbers) {
        return JobApi.parseJson(api.request().contentType("application/json").body(Map.of("part_numbers", numbers))
                .post("/api/uploads/" + uploadId + "/parts").then().statusCode(200).extract().asString());
    }

    public ValidatableResponse complete(String uploadId) {
        return api.request().contentType("application/json").body("{}").post("/api/uploads/" + uploadId + "/complete").then();
    }
}
