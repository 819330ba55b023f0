package io.videojobs.it;

import io.videojobs.support.NodeScript;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestTokens;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Clients that know the packaged service only through its served OpenAPI document: one generated from it by tools
 * the service's code does not use (openapi-typescript types and openapi-fetch, in Node, type-checked;
 * src/main/webui/e2e/generated-client.it.mjs), and Swagger UI's "Try it out" in headless Chromium
 * (e2e/swagger-try-it-out.it.mjs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiClientsIT {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    private ServiceInstance service;

    @BeforeAll
    void start() throws Exception {
        service = ServiceInstance.start("openapi-clients-it", true, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aClientGeneratedFromTheServedDocumentSubmitsReadsListsPatchesAndReadsEvents() throws Exception {
        NodeScript.run("e2e/generated-client.it.mjs", env(), SCRIPT_TIMEOUT);
    }

    @Test
    void swaggerUisTryItOutOnSubmitWithTheDocumentsExampleAnswers202() throws Exception {
        NodeScript.run("e2e/swagger-try-it-out.it.mjs", env(), SCRIPT_TIMEOUT);
    }

    private Map<String, String> env() {
        return Map.of(
                "VIDEO_JOBS_URL", "http://127.0.0.1:" + service.port(),
                "VIDEO_JOBS_JWT_SECRET", TestTokens.SECRET,
                "VIDEO_JOBS_JWT_ISSUER", TestTokens.ISSUER,
                "VIDEO_JOBS_JWT_AUDIENCE", TestTokens.AUDIENCE);
    }
}
