package io.videojobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.videojobs.support.AsyncApiContract;
import io.videojobs.support.NodeScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document is the contract: it is the committed copy the SDK's types are generated from, it
 * names what the wire names, every operation has a stable id, its security and the error body on each error status,
 * and it agrees with asyncapi.yaml where both describe a shape.
 */
@QuarkusTest
class OpenApiTest {

    /** The committed copy; {@code -Dopenapi.update=true} rewrites it from the served document. */
    static final Path COMMITTED = NodeScript.WEBUI.resolve(Path.of("packages", "client", "openapi.json"));
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String served() {
        return given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
    }

    private static JsonNode document() throws IOException {
        return MAPPER.readTree(served());
    }

    @Test
    void theCommittedCopyIsTheServedDocument() throws IOException {
        String served = served();
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(COMMITTED, served.endsWith("\n") ? served : served + "\n");
        }
        assertEquals(MAPPER.readTree(Files.readString(COMMITTED)), MAPPER.readTree(served),
                COMMITTED + " differs from GET /q/openapi: the contract changed. Regenerate it with `./mvnw -B test "
                        + "-Dtest=OpenApiTest -Dopenapi.update=true`, then `npm run generate:types` in src/main/webui, "
                        + "and commit both");
    }

    @Test
    void everyApiOperationHasAStableIdAndTheBearerScheme() throws IOException {
        Set<String> ids = new HashSet<>();
        List<String> operations = new ArrayList<>();
        document().path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            operations.add(name);
            String id = op.getValue().path("operationId").asText();
            assertTrue(id.matches("[a-z][A-Za-z]+"), name + " has the operationId '" + id + "'");
            assertTrue(ids.add(id), "operationId " + id + " is used twice");
            boolean bearer = op.getValue().path("security").findValues("bearer").size() == 1;
            boolean signedOnly = path.getKey().equals("/api/sign-in-options")
                    || name.equals("PUT /api/uploads/{upload_id}/parts/{part_number}");
            assertEquals(!signedOnly, bearer, name + " security");
        }));
        assertTrue(operations.containsAll(List.of("POST /api/jobs", "GET /api/jobs", "GET /api/jobs/{job_id}",
                "DELETE /api/jobs/{job_id}", "POST /api/jobs/{job_id}/cancel", "POST /api/jobs/{job_id}/retry",
                "PATCH /api/jobs/{job_id}/metadata", "GET /api/jobs/{job_id}/events",
                "GET /api/jobs/{job_id}/source", "GET /api/jobs/{job_id}/thumbnails/{thumbnail_id}")), operations.toString());
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void everyErrorStatusCarriesTheErrorBodyAndTheHeadersItNeeds() throws IOException {
        JsonNode document = document();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            Map<String, JsonNode> responses = new TreeMap<>();
            op.getValue().path("responses").fields().forEachRemaining(r -> responses.put(r.getKey(), resolve(document, r.getValue())));
            String name = op.getKey() + " " + path.getKey();
            assertTrue(responses.containsKey("500"), name + " documents 500");
            responses.forEach((status, response) -> {
                if (status.compareTo("400") >= 0 && !status.equals("403")) {
                    assertEquals("#/components/schemas/Error",
                            response.at("/content/application~1json/schema/$ref").asText(), name + " " + status);
                }
            });
            for (String retryLater : List.of("429", "503")) {
                if (responses.containsKey(retryLater)) {
                    assertTrue(responses.get(retryLater).at("/headers/Retry-After/required").asBoolean(),
                            name + " " + retryLater + " Retry-After");
                }
            }
            if (op.getValue().has("requestBody")) {
                assertTrue(responses.keySet().containsAll(List.of("411", "413", "415")), name + " body errors");
            }
        }));
        JsonNode submit = document.at("/paths/~1api~1jobs/post");
        assertTrue(resolve(document, submit.at("/responses/202")).at("/headers/Location/required").asBoolean());
        assertTrue(submit.at("/requestBody/content").has("multipart/form-data"));
        assertTrue(submit.findValues("name").stream().anyMatch(n -> n.asText().equals("Idempotency-Key")));
    }

    @Test
    void eachExportIsDocumentedWithItsMediaTypeAnd304() {
        Map<String, String> types = Map.of("transcript.vtt", "text/vtt", "transcript.srt", "application/x-subrip",
                "transcript.txt", "text/plain", "transcript.json", "application/json", "chapters.vtt", "text/vtt");
        types.forEach((file, type) -> given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/jobs/{job_id}/" + file + "'.get.responses.'200'.content", hasKey(type))
                .body("paths.'/api/jobs/{job_id}/" + file + "'.get.responses", hasKey("304"))
                .body("paths.'/api/jobs/{job_id}/" + file + "'.get.responses", hasKey("404")));
        given().accept("application/json").get("/q/openapi").then()
                .body("paths.'/api/admin/stage-durations'.get.responses", hasKey("403"));
    }

    @Test
    void schemasNameWhatTheWireNames() throws IOException {
        JsonNode schemas = document().path("components").path("schemas");
        List<String> camelCase = new ArrayList<>();
        schemas.fields().forEachRemaining(schema -> schema.getValue().path("properties").fieldNames()
                .forEachRemaining(property -> {
                    if (!property.matches("[a-z0-9_]+|TITLE|DESCRIPTION|TAGS|TRANSCRIPT|CHAPTERS")) {
                        camelCase.add(schema.getKey() + "." + property);
                    }
                }));
        assertEquals(List.of(), camelCase);
        assertEquals("string", schemas.at("/JobMetadata/properties/TITLE/type").asText());
        assertEquals("string", schemas.at("/JobMetadata/properties/TAGS/items/type").asText());
        assertEquals("#/components/schemas/UUID", schemas.at("/Job/properties/job_id/$ref").asText());
        assertEquals("uuid", schemas.at("/UUID/format").asText());
        assertTrue(schemas.at("/Job/required").toString().contains("\"source_url\""));
    }

    /** Thumbnail and Stage are defined by the OpenAPI document; asyncapi.yaml's messages must carry the same shape. */
    @Test
    void theAsyncApiMessagesCarryTheOpenApiShapes() throws IOException {
        JsonNode openapi = document();
        JsonNode asyncapi = AsyncApiContract.get().document();
        assertSameShape(openapi, openapi.at("/components/schemas/Thumbnail"),
                asyncapi, asyncapi.at("/components/messages/ThumbnailGenerated/payload/allOf/1/properties/data"),
                Set.of());
        assertSameShape(openapi, openapi.at("/components/schemas/Stage"),
                asyncapi, asyncapi.at("/components/messages/StageUpdate/payload/allOf/1/properties/data"),
                STAGE_TIMINGS);
    }

    /** The stage timings are REST-only (GET /api/jobs/{job_id}); STAGE_UPDATE carries the rest of a stage. */
    private static final Set<String> STAGE_TIMINGS = Set.of("runnable_at", "started_at", "finished_at",
            "duration_seconds", "attempts", "cpu_seconds");

    private static void assertSameShape(JsonNode openapi, JsonNode defined, JsonNode asyncapi, JsonNode copy,
                                        Set<String> restOnly) {
        assertEquals(set(defined.path("required")), set(copy.path("required")), "required of " + copy);
        Set<String> restProperties = new HashSet<>(fieldNames(defined.path("properties")));
        assertTrue(restProperties.containsAll(restOnly), "the REST-only properties exist: " + restOnly);
        restProperties.removeAll(restOnly);
        assertEquals(restProperties, new HashSet<>(fieldNames(copy.path("properties"))), "properties");
        defined.path("properties").fields().forEachRemaining(property -> {
            if (restOnly.contains(property.getKey())) {
                return;
            }
            JsonNode a = resolve(openapi, property.getValue());
            JsonNode b = resolve(asyncapi, copy.path("properties").path(property.getKey()));
            assertEquals(types(a), types(b), property.getKey() + " type");
            assertEquals(set(a.path("enum")), set(b.path("enum")), property.getKey() + " enum");
            if (types(a).contains("string")) {
                assertEquals(a.path("format").asText(), b.path("format").asText(), property.getKey() + " format");
            }
        });
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = set(schema.path("type").isArray() ? schema.path("type") : MAPPER.createArrayNode().add(schema.path("type")));
        types.remove("null");
        return types;
    }

    private static Set<String> set(JsonNode array) {
        Set<String> set = new HashSet<>();
        array.forEach(item -> set.add(item.asText()));
        return set;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }
}
