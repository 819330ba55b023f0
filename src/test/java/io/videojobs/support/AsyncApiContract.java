package io.videojobs.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server messages of {@code asyncapi.yaml} as JSON Schemas (draft 7, the dialect AsyncAPI 2 payloads use),
 * validated with the same independent validator as {@link OpenApiContract}. {@link JobUpdatesClient} checks every
 * message it receives against it, so every realtime test is also a contract test of the socket.
 */
public final class AsyncApiContract {

    public static final Path DOCUMENT = Path.of("src", "main", "resources", "META-INF", "resources", "asyncapi.yaml");
    private static final String DOCUMENT_ID = "https://video-jobs.invalid/asyncapi.json";
    private static final AsyncApiContract INSTANCE = load();

    private final JsonNode document;
    /** The payload schema of each server message, by its {@code type} on the wire. */
    private final Map<String, Schema> serverMessages = new HashMap<>();

    private AsyncApiContract(JsonNode document) {
        this.document = document;
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getDraft7(), builder -> builder
                .schemas(Map.of(DOCUMENT_ID, document.toString()))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        for (JsonNode ref : document.at("/channels/~1ws/subscribe/message/oneOf")) {
            String pointer = ref.path("$ref").asText().substring(1);
            serverMessages.put(document.at(pointer).path("name").asText(),
                    registry.getSchema(SchemaLocation.of(DOCUMENT_ID + "#" + pointer + "/payload")));
        }
    }

    public static AsyncApiContract get() {
        return INSTANCE;
    }

    public JsonNode document() {
        return document;
    }

    /** What in this server message breaks the document; empty when it keeps to it. */
    public List<String> violations(String message) {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(message);
        } catch (IOException e) {
            return List.of("not JSON: " + message);
        }
        Schema schema = serverMessages.get(json.path("type").asText());
        if (schema == null) {
            return List.of("type " + json.path("type") + " is not a server message of asyncapi.yaml: " + message);
        }
        return schema.validate(message, InputFormat.JSON).stream().map(Error::toString)
                .map(error -> json.path("type").asText() + " " + error + " in " + message).toList();
    }

    private static AsyncApiContract load() {
        try {
            return new AsyncApiContract(new YAMLMapper().readTree(DOCUMENT.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
