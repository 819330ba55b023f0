package io.videojobs.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.videojobs.support.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CORS with an origin list configured (the test profile allows any http://localhost port, as dev does): a page on an
 * allowed origin can call the API and open /ws; any other origin is refused, preflight, request and upgrade alike.
 */
@QuarkusTest
class CorsTest {

    static final String ALLOWED = "http://localhost:5173";
    static final String OTHER = "https://evil.example";

    @TestHTTPResource("/ws")
    URI ws;

    /** The preflight a browser sends before a JSON submission with a bearer token and an Idempotency-Key. */
    static ValidatableResponse preflight(String origin) {
        return given().header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options("/api/jobs")
                .then();
    }

    @Test
    void aPreflightFromAnAllowedOriginMayPostWithAuthorizationContentTypeAndIdempotencyKey() {
        preflight(ALLOWED).statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Methods", containsStringIgnoringCase("POST"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("Authorization"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("Content-Type"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("Idempotency-Key"));
    }

    @Test
    void aSubmissionFromAnAllowedOriginExposesLocationAndRetryAfter() {
        given().header("Origin", ALLOWED).auth().oauth2(TestTokens.user("cors-alice")).contentType(ContentType.JSON)
                .body(Map.of("source_url", "https://videos.example.com/cors.mp4"))
                .post("/api/jobs")
                .then().statusCode(202)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Expose-Headers", containsStringIgnoringCase("Location"))
                .header("Access-Control-Expose-Headers", containsStringIgnoringCase("Retry-After"));
    }

    @Test
    void aPreflightFromAnAllowedOriginMayPutAnUploadPartAndReadItsETag() {
        given().header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type")
                .options("/api/uploads/" + java.util.UUID.randomUUID() + "/parts/1")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Methods", containsStringIgnoringCase("PUT"))
                .header("Access-Control-Expose-Headers", containsStringIgnoringCase("ETag"));
    }

    @Test
    void aPreflightFromAnotherOriginIsRefused() {
        preflight(OTHER).statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void aRequestFromAnotherOriginIsRefused() {
        given().header("Origin", OTHER).auth().oauth2(TestTokens.user("cors-bob"))
                .get("/api/jobs")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void aWebSocketUpgradeFromAnAllowedOriginOpens() throws Exception {
        WebSocket socket = upgrade(ALLOWED).join();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aWebSocketUpgradeFromAnotherOriginIsRefused() {
        CompletionException refused = assertThrows(CompletionException.class,
                () -> upgrade(OTHER).join());
        WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
        assertNotNull(handshake, refused.toString());
        assertEquals(403, handshake.getResponse().statusCode());
    }

    private CompletableFuture<WebSocket> upgrade(String origin) {
        URI uri = URI.create(ws.toString().replaceFirst("^http", "ws"));
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Origin", origin)
                .header("Authorization", "Bearer " + TestTokens.user("cors-ws"))
                .buildAsync(uri, new WebSocket.Listener() { });
    }
}
