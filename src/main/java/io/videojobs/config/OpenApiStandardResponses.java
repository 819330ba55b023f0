package io.videojobs.config;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds to every {@code /api} operation the error answers that do not depend on what the operation does, so a
 * resource annotates only its own: 403 (the CORS filter) and 500 on every one; 401 on those that take a bearer
 * token; 411, 413 and 415 on those with a request body. Each refers to a response of META-INF/openapi.yaml.
 * It also lists application/json first among a request body's media types, so that Swagger UI's "Try it out" offers
 * the JSON example. It runs at build time.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiStandardResponses implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(OpenApiStandardResponses::addStandardResponses);
            }
        });
    }

    private static void addStandardResponses(Operation operation) {
        APIResponses responses = operation.getResponses();
        boolean bearer = operation.getSecurity() != null && operation.getSecurity().stream()
                .anyMatch(requirement -> requirement.hasScheme(OpenApiDefinition.BEARER));
        if (bearer) {
            add(responses, "401", "Unauthorized");
        }
        add(responses, "403", "Forbidden");
        if (operation.getRequestBody() != null) {
            jsonFirst(operation.getRequestBody().getContent());
            add(responses, "411", "LengthRequired");
            add(responses, "413", "PayloadTooLarge");
            add(responses, "415", "UnsupportedMediaType");
        }
        add(responses, "500", "InternalError");
        sortByStatus(responses);
    }

    private static void jsonFirst(Content content) {
        if (content != null && content.hasMediaType(MediaType.APPLICATION_JSON)) {
            Map<String, org.eclipse.microprofile.openapi.models.media.MediaType> ordered = new LinkedHashMap<>();
            ordered.put(MediaType.APPLICATION_JSON, content.getMediaType(MediaType.APPLICATION_JSON));
            ordered.putAll(content.getMediaTypes());
            content.setMediaTypes(ordered);
        }
    }

    private static void add(APIResponses responses, String status, String reference) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(reference));
        }
    }

    private static void sortByStatus(APIResponses responses) {
        responses.setAPIResponses(new LinkedHashMap<>(new TreeMap<>(responses.getAPIResponses())));
    }
}
