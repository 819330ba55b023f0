package io.videojobs.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** Small REST client for tests: calls the job API as a given bearer token. */
public final class JobApi {

    private final String token;

    private JobApi(String token) {
        this.token = token;
    }

    public static JobApi as(String token) {
        return new JobApi(token);
    }

    public RequestSpecification request() {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    public ValidatableResponse submit(Object body) {
        return request().body(body).post("/api/jobs").then();
    }

    /** Submits a job for an example URL and returns its id. */
    public String submitJob() {
        return submit(Map.of("source_url", "https://videos.example.com/clip.mp4"))
                .statusCode(202).extract().path("job_id");
    }

    public ValidatableResponse get(String jobId) {
        return request().get("/api/jobs/" + jobId).then();
    }

    public ValidatableResponse cancel(String jobId) {
        return request().post("/api/jobs/" + jobId + "/cancel").then();
    }

    public ValidatableResponse patchMetadata(String jobId, Object body) {
        return request().body(body).patch("/api/jobs/" + jobId + "/metadata").then();
    }

    public ValidatableResponse events(String jobId, long afterSeq) {
        return request().queryParam("after_seq", afterSeq).get("/api/jobs/" + jobId + "/events").then();
    }
}
