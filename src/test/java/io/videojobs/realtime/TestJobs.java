package io.videojobs.realtime;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Changes jobs through the REST API, as users do. */
final class TestJobs {

    private TestJobs() {
    }

    static String create(String baseUri, String token) {
        return given().baseUri(baseUri).auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"source_url\":\"https://example.com/video.mp4\"}")
                .post("/api/jobs").then().statusCode(202).extract().path("job_id");
    }

    static Response editTitle(String baseUri, String token, String jobId, String title) {
        return edit(baseUri, token, jobId, "{\"TITLE\":\"" + title + "\"}");
    }

    static Response edit(String baseUri, String token, String jobId, String body) {
        Response response = given().baseUri(baseUri).auth().oauth2(token).contentType(ContentType.JSON)
                .body(body).patch("/api/jobs/" + jobId + "/metadata");
        response.then().statusCode(200);
        return response;
    }

    static void cancel(String baseUri, String token, String jobId) {
        given().baseUri(baseUri).auth().oauth2(token).post("/api/jobs/" + jobId + "/cancel").then().statusCode(200);
    }
}
