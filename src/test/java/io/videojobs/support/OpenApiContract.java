package io.videojobs.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The service's OpenAPI document as an API gateway would enforce it: every response (status, headers, body) and
 * every accepted request (parameters, body) is checked against the document the service serves at
 * {@code /q/openapi}, with an independent JSON Schema validator (networknt, OpenAPI 3.1 dialect, formats asserted).
 * {@link JobApi} installs {@link #FILTER} on every request it makes, so each REST test is also a contract test.
 */
public final class OpenApiContract {

    /** A RestAssured filter that fails the request's test when the exchange breaks the served document. */
    public static final Filter FILTER = OpenApiContract::filter;

    /** Headers that carry meaning for clients: one sent must be declared on its response. */
    private static final Set<String> DECLARED_HEADERS = Set.of("location", "retry-after", "www-authenticate",
            "content-range", "idempotent-replayed", "accept-ranges");
    private static final String DOCUMENT_ID = "https://video-jobs.invalid/q/openapi.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, OpenApiContract> SERVED = new ConcurrentHashMap<>();

    private final JsonNode document;
    private final SchemaRegistry schemas;
    /** Parameter and header schemas, compiled once. */
    private final Map<String, Schema> inlineSchemas = new ConcurrentHashMap<>();

    private OpenApiContract(String json) throws IOException {
        this.document = MAPPER.readTree(json);
        this.schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder
                .schemas(Map.of(DOCUMENT_ID, json))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** The document served by the application at {@code baseUri} (scheme, host and port), read once. */
    public static OpenApiContract servedBy(String baseUri) {
        return SERVED.computeIfAbsent(baseUri, base -> {
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET /q/openapi answered " + response.statusCode());
                }
                return new OpenApiContract(response.body());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + base + "/q/openapi", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    public JsonNode document() {
        return document;
    }

    /** One HTTP exchange as the validator sees it; header names in lower case, each query parameter's values in order. */
    public record Exchange(String method, String path, Map<String, List<String>> query, String requestContentType,
                           String requestBody, Map<String, String> requestHeaders, int status,
                           Map<String, String> responseHeaders, String responseBody) {
    }

    /** What in the exchange breaks the document; empty when it keeps to it. */
    public List<String> violations(Exchange exchange) {
        List<String> problems = new ArrayList<>();
        String what = exchange.method() + " " + exchange.path() + " -> " + exchange.status();
        Operation operation = operation(exchange.method(), exchange.path());
        if (operation == null) {
            if (exchange.status() != 404 && exchange.status() != 405) {
                problems.add(what + ": the operation is not in the document");
            }
            return problems;
        }
        String responseKey = operation.node.path("responses").has(String.valueOf(exchange.status()))
                ? String.valueOf(exchange.status()) : "default";
        String responsePointer = target(operation.pointer + "/responses/" + escape(responseKey));
        JsonNode response = document.at(responsePointer);
        if (response.isMissingNode()) {
            problems.add(what + ": status " + exchange.status() + " is not documented for " + operation.id());
            return problems;
        }
        checkResponseHeaders(what, response, exchange.responseHeaders(), problems);
        checkBody(what + " response", response, responsePointer, exchange.responseHeaders().get("content-type"),
                exchange.responseBody(), problems);
        if (exchange.status() >= 200 && exchange.status() < 300) {
            checkParameters(what, operation, exchange, problems);
            String requestPointer = target(operation.pointer + "/requestBody");
            if (!document.at(requestPointer).isMissingNode()) {
                checkBody(what + " request", document.at(requestPointer), requestPointer,
                        exchange.requestContentType(), exchange.requestBody(), problems);
            }
        }
        return problems;
    }

    /** Fails when the exchange breaks the document; for exchanges made without RestAssured. */
    public void assertKeptTo(Exchange exchange) {
        List<String> problems = violations(exchange);
        if (!problems.isEmpty()) {
            throw new AssertionError("The exchange breaks the served OpenAPI document:\n  "
                    + String.join("\n  ", problems));
        }
    }

    private record Operation(JsonNode node, JsonNode pathItem, String pointer) {
        String id() {
            return node.path("operationId").asText("(no operationId)");
        }
    }

    private Operation operation(String method, String path) {
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            if (path.matches(entry.getKey().replaceAll("\\{[^}/]+}", "[^/]+"))) {
                JsonNode node = entry.getValue().path(method.toLowerCase(Locale.ROOT));
                if (!node.isMissingNode()) {
                    return new Operation(node, entry.getValue(),
                            "/paths/" + escape(entry.getKey()) + "/" + method.toLowerCase(Locale.ROOT));
                }
            }
        }
        return null;
    }

    private void checkResponseHeaders(String what, JsonNode response, Map<String, String> headers,
                                      List<String> problems) {
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        response.path("headers").fields().forEachRemaining(h -> declared.put(h.getKey().toLowerCase(Locale.ROOT),
                resolve(h.getValue())));
        declared.forEach((name, header) -> {
            String value = headers.get(name);
            if (value == null) {
                if (header.path("required").asBoolean()) {
                    problems.add(what + ": required header " + name + " is missing");
                }
            } else {
                validate(what + " header " + name, header.path("schema"), parameterValue(header.path("schema"), value),
                        problems);
            }
        });
        for (String name : headers.keySet()) {
            if (DECLARED_HEADERS.contains(name) && !declared.containsKey(name)) {
                problems.add(what + ": header " + name + " is sent but not documented");
            }
        }
    }

    private void checkParameters(String what, Operation operation, Exchange exchange, List<String> problems) {
        List<JsonNode> parameters = new ArrayList<>();
        operation.pathItem.path("parameters").forEach(p -> parameters.add(resolve(p)));
        operation.node.path("parameters").forEach(p -> parameters.add(resolve(p)));
        Set<String> known = new java.util.HashSet<>();
        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            List<String> values = exchange.query().get(name);
            String value = switch (in) {
                case "query" -> values == null ? null : queryValue(what, name, parameter.path("schema"), values, problems);
                case "header" -> exchange.requestHeaders().get(name.toLowerCase(Locale.ROOT));
                default -> null;
            };
            if (in.equals("query")) {
                known.add(name);
            }
            if (!in.equals("query") && !in.equals("header")) {
                continue;
            }
            if (value == null) {
                if (parameter.path("required").asBoolean()) {
                    problems.add(what + ": required " + in + " parameter " + name + " was not sent");
                }
            } else {
                validate(what + " " + in + " parameter " + name, parameter.path("schema"),
                        in.equals("query") ? value : parameterValue(parameter.path("schema"), value), problems);
            }
        }
        for (String name : exchange.query().keySet()) {
            if (!known.contains(name)) {
                problems.add(what + ": query parameter " + name + " is not documented");
            }
        }
    }

    private void checkBody(String what, JsonNode owner, String ownerPointer, String contentType, String body,
                           List<String> problems) {
        JsonNode content = owner.path("content");
        boolean empty = body == null || body.isEmpty();
        if (content.isMissingNode() || content.isEmpty()) {
            if (!empty) {
                problems.add(what + ": has a body, but the document declares none: " + abbreviate(body));
            }
            return;
        }
        if (empty) {
            if (owner.path("required").asBoolean(!what.endsWith("request"))) {
                problems.add(what + ": has no body, but the document declares " + content.fieldNames().next());
            }
            return;
        }
        String exact = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        String mediaType = content.has(exact) ? exact : exact.replaceFirst("/.*", "/*");
        if (!content.has(mediaType)) {
            problems.add(what + ": content type " + contentType + " is not one of " + names(content));
            return;
        }
        if (mediaType.endsWith("json")) {
            String pointer = ownerPointer + "/content/" + escape(mediaType) + "/schema";
            for (Error error : schemas.getSchema(SchemaLocation.of(DOCUMENT_ID + "#" + pointer))
                    .validate(body, InputFormat.JSON)) {
                problems.add(what + ": " + error + " in " + abbreviate(body));
            }
        }
    }

    private void validate(String what, JsonNode schema, String json, List<String> problems) {
        Schema compiled = inlineSchemas.computeIfAbsent(inline(schema).toString(),
                text -> schemas.getSchema(text, InputFormat.JSON));
        for (Error error : compiled.validate(json, InputFormat.JSON)) {
            problems.add(what + ": " + error);
        }
    }

    /** A parameter or header schema with its $refs replaced, so it validates on its own. */
    private JsonNode inline(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        if (!resolved.isObject()) {
            return resolved;
        }
        var copy = MAPPER.createObjectNode();
        resolved.fields().forEachRemaining(f -> copy.set(f.getKey(), f.getValue().isObject() || f.getValue().isArray()
                ? inlineAll(f.getValue()) : f.getValue()));
        return copy;
    }

    private JsonNode inlineAll(JsonNode node) {
        if (node.isArray()) {
            var array = MAPPER.createArrayNode();
            node.forEach(item -> array.add(inlineAll(item)));
            return array;
        }
        return inline(node);
    }

    /** A parameter's text as the JSON value its schema types it as. */
    /**
     * A query parameter's values as the JSON its schema validates: an array parameter's repeated values
     * ({@code status=FAILED&status=CANCELLED}, style form, explode) as an array, any other's one value.
     */
    private String queryValue(String what, String name, JsonNode schema, List<String> values, List<String> problems) {
        JsonNode resolved = resolve(schema);
        if ("array".equals(resolved.path("type").asText())) {
            List<String> items = values.stream().map(v -> parameterValue(resolved.path("items"), v)).toList();
            return "[" + String.join(",", items) + "]";
        }
        if (values.size() > 1) {
            problems.add(what + ": query parameter " + name + " is repeated, but its schema is not an array");
        }
        return parameterValue(schema, values.get(0));
    }

    private String parameterValue(JsonNode schema, String value) {
        JsonNode resolved = resolve(schema);
        String type = resolved.path("type").isArray() ? resolved.path("type").get(0).asText()
                : resolved.path("type").asText();
        if ((type.equals("integer") || type.equals("number")) && value.matches("-?\\d+(\\.\\d+)?")) {
            return value;
        }
        if (type.equals("boolean") && (value.equals("true") || value.equals("false"))) {
            return value;
        }
        return MAPPER.getNodeFactory().textNode(value).toString();
    }

    /** The pointer of what {@code pointer} names, following $refs. */
    private String target(String pointer) {
        String current = pointer;
        while (document.at(current).has("$ref")) {
            current = document.at(current).path("$ref").asText().substring(1);
        }
        return current;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }

    private static String names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String abbreviate(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "…" : body;
    }

    private static Response filter(FilterableRequestSpecification request, FilterableResponseSpecification spec,
                                   FilterContext context) {
        URI uri = URI.create(request.getURI());
        if (!uri.getPath().startsWith("/api/")) {
            return context.next(request, spec);
        }
        // Read before the request, so that the first request of a timed sequence (a rate limit's burst) is not delayed
        OpenApiContract contract = servedBy(uri.getScheme() + "://" + uri.getAuthority());
        Response response = context.next(request, spec);
        Map<String, String> requestHeaders = lowerCase(request.getHeaders().asList(), h -> h.getName(),
                h -> h.getValue());
        Map<String, String> responseHeaders = lowerCase(response.getHeaders().asList(), h -> h.getName(),
                h -> h.getValue());
        Object body = request.getBody();
        String requestBody = body == null ? null : body instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8) : body.toString();
        String requestType = request.getMultiPartParams().isEmpty() ? request.getContentType() : "multipart/form-data";
        if (!request.getMultiPartParams().isEmpty()) {
            requestBody = "(multipart)";
        }
        String responseBody = responseHeaders.getOrDefault("content-type", "").contains("json")
                ? response.asString() : response.asByteArray().length == 0 ? "" : "(binary)";
        Exchange exchange = new Exchange(request.getMethod(), uri.getPath(), query(uri.getRawQuery()),
                requestType, requestBody, requestHeaders, response.statusCode(), responseHeaders, responseBody);
        contract.assertKeptTo(exchange);
        return response;
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                query.computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), name -> new ArrayList<>())
                        .add(parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private static <T> Map<String, String> lowerCase(List<T> items, Function<T, String> name,
                                                     Function<T, String> value) {
        Map<String, String> map = new LinkedHashMap<>();
        items.forEach(item -> map.putIfAbsent(name.apply(item).toLowerCase(Locale.ROOT), value.apply(item)));
        return map;
    }
}
