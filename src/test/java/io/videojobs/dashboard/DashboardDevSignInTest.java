package io.videojobs.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.support.EngineTestProfile;
import io.videojobs.support.NodeScript;
import io.videojobs.support.TestMedia;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dev sign-in and a drag-and-drop upload in Debian's Chromium (e2e/dev-sign-in.it.mjs). {@code DashboardIT} cannot
 * cover them: the packaged app is a prod build, which has no {@code /dev/token}. So this is a {@code @QuarkusTest}
 * whose profile builds the dev-token endpoint in, runs the engine and turns Quinoa on (off in tests by default), so
 * the dashboard is built and served as in a prod build.
 */
@QuarkusTest
@TestProfile(DashboardDevSignInTest.DevSignInProfile.class)
class DashboardDevSignInTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void theSignInOptionsOfferDevSignInWhenTheBuildHasTheDevTokenEndpoint() {
        given().get("/api/sign-in-options").then().statusCode(200).body("dev_sign_in", equalTo(true));
        given().get("/dev/token?sub=someone").then().statusCode(200).body("sub", equalTo("someone"));
    }

    @Test
    void aDeveloperSignsInWithOneClickThenDropsAClipThatIsUploadedAndProcessedToCompleted() throws Exception {
        NodeScript.run("e2e/dev-sign-in.it.mjs", Map.of(
                "VIDEO_JOBS_URL", "http://localhost:" + root.getPort(),
                "CLIP", TestMedia.speechWithScenes().toString()), Duration.ofMinutes(10));
    }

    /** The engine tests' profile, plus the dev-token endpoint and the dashboard; both are build-time settings. */
    public static class DevSignInProfile extends EngineTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("video-jobs.dev-token-endpoint", "true");
            config.put("quarkus.quinoa", "true");
            return config;
        }
    }
}
