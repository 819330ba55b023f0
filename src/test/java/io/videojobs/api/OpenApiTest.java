package io.videojobs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every operation of the job API, and Swagger UI renders it. */
@QuarkusTest
class OpenApiTest {

    @Test
    void openApiDocumentsEveryOperation() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/jobs"))
                .body("paths", hasKey("/api/jobs/{job_id}"))
                .body("paths", hasKey("/api/jobs/{job_id}/cancel"))
                .body("paths", hasKey("/api/jobs/{job_id}/retry"))
                .body("paths.'/api/jobs/{job_id}/retry'.post.responses", hasKey("409"))
                .body("paths", hasKey("/api/jobs/{job_id}/metadata"))
                .body("paths", hasKey("/api/jobs/{job_id}/events"))
                .body("paths.'/api/jobs'.post.responses", hasKey("202"))
                .body("components.securitySchemes", hasKey("bearer"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void documentDescribesTheJobApi() {
        given().accept("application/json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("video-jobs API"))
                .body("paths.'/api/jobs'.post", notNullValue())
                .body("paths.'/api/jobs/{job_id}'.get", notNullValue())
                .body("paths.'/api/jobs/{job_id}/source'.get.responses.'206'", notNullValue())
                .body("paths.'/api/jobs/{job_id}/source'.get.responses.'416'", notNullValue());
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
}
