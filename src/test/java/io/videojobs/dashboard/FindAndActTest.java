package io.videojobs.dashboard;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.videojobs.support.NodeScript;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Finding and acting on many jobs in Debian's Chromium (e2e/find-and-act.it.mjs), on a service that processes for
 * real: search for a word said in a generated clip and open the hit at that moment; filters kept across a reload;
 * select all jobs matching, retry them and read the results; a job submitted with the API appears in the open list
 * without a reload. It runs under {@link DashboardDevSignInTest}'s profile (engine on, dashboard served), so Quarkus
 * starts once for both; it signs in with a token of its own user, so "all matching" is this test's jobs only.
 */
@QuarkusTest
@TestProfile(DashboardDevSignInTest.DevSignInProfile.class)
class FindAndActTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void aSpokenWordOpensThePlayerThereFiltersSurviveAReloadAllMatchingAreRetriedAndNewJobsAppearLive() throws Exception {
        NodeScript.run("e2e/find-and-act.it.mjs", Map.of(
                "VIDEO_JOBS_URL", "http://localhost:" + root.getPort(),
                "TOKEN", TestTokens.user("find-and-act-" + UUID.randomUUID()),
                "CLIP", TestMedia.speechTwice().toString()), Duration.ofMinutes(10));
    }
}
