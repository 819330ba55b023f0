package io.videojobs.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videojobs.support.NodeScript;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in Debian's Chromium (playwright-core, e2e/dashboard.it.mjs) against the packaged service with the
 * engine on and real ffmpeg, with axe-core's WCAG 2.1 A and AA rules on every page. Screenshots of the list, a job
 * page mid-processing and completed, and the operator page, light and dark, go to src/docs/img.
 */
class DashboardIT {

    private static final String OWNER = "alice-dashboard";
    private static final Path SCREENSHOTS = Path.of("src", "docs", "img").toAbsolutePath();
    private static final Duration SCENARIO_TIMEOUT = Duration.ofMinutes(8);
    private static int port;
    private static ServiceInstance service;

    @BeforeAll
    static void startService() throws IOException {
        port = ServiceInstance.freePort();
        service = ServiceInstance.start("dashboard-a", port, true, engine("dashboard-a"));
    }

    @AfterAll
    static void stopService() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theBundledJavaScriptIsAtMost200KilobytesGzipped() throws IOException {
        long gzipped = 0;
        try (Stream<Path> assets = Files.list(Path.of("target", "quinoa", "build", "assets"))) {
            for (Path script : assets.filter(path -> path.toString().endsWith(".js")).toList()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                    gzip.write(Files.readAllBytes(script));
                }
                gzipped += out.size();
            }
        }
        System.out.println("dashboard JavaScript, minified and gzipped: " + gzipped + " bytes");
        assertTrue(gzipped > 0 && gzipped <= 200 * 1024, gzipped + " bytes");
    }

    @Test
    void theServiceAnswersTheDashboardAtTheRootAndLeavesTheApiAlone() {
        given().port(port).get("/").then().statusCode(200).contentType("text/html");
        given().port(port).get("/jobs/6bb4a8d4-0257-4b00-bc14-014b08287452").then().statusCode(200).contentType("text/html");
        given().port(port).get("/api/nothing-here").then().statusCode(404).contentType("application/json");
        given().port(port).get("/q/health/ready").then().statusCode(200);
        String page = given().port(port).get("/").then().extract().asString();
        assertTrue(!page.contains("http://") && !page.contains("https://"), "no CDN: " + page);
    }

    @Test
    void aSignedInUserUploadsAClipAndWatchesItProcessLiveThenEditsItsTitle() throws Exception {
        NodeScript.run("e2e/dashboard.it.mjs", env("live"), SCENARIO_TIMEOUT);
        assertTrue(Files.size(SCREENSHOTS.resolve("dashboard-job.png")) > 0);
        assertTrue(Files.size(SCREENSHOTS.resolve("dashboard-list.png")) > 0);
    }

    @Test
    void theJobPageReconnectsWhenTheServiceRestartsMidJobAndEndsEqualToTheApi() throws Exception {
        try (NodeScript node = NodeScript.start("e2e/dashboard.it.mjs", env("restart"))) {
            node.awaitLine("RESTART ", SCENARIO_TIMEOUT);
            service.kill();
            service = ServiceInstance.start("dashboard-b", port, false, engine("dashboard-b"));
            node.send("STARTED");
            node.awaitSuccess(SCENARIO_TIMEOUT);
            assertTrue(service.log().contains("Running job "), "the restarted instance finished the job");
        }
    }

    @Test
    void anAdminSeesTheOperatorFiguresChangeWhileAJobRuns() throws Exception {
        NodeScript.run("e2e/dashboard.it.mjs", env("operator"), SCENARIO_TIMEOUT);
        assertTrue(Files.size(SCREENSHOTS.resolve("dashboard-operator.png")) > 0);
    }

    @Test
    void aCompletedJobPlaysWithCaptionsAndChapterMarksAndEveryPageHasNoAccessibilityViolationInEitherTheme()
            throws Exception {
        NodeScript.run("e2e/dashboard.it.mjs", env("media"), SCENARIO_TIMEOUT);
        for (String name : new String[] {"dashboard-job-completed.png", "dashboard-job-completed-dark.png",
                "dashboard-list-dark.png", "dashboard-operator-dark.png"}) {
            assertTrue(Files.size(SCREENSHOTS.resolve(name)) > 0, name);
        }
    }

    @Test
    void aCancelledJobIsRetriedToCompletedFromItsPage() throws Exception {
        NodeScript.run("e2e/dashboard.it.mjs", env("retry"), SCENARIO_TIMEOUT);
    }

    private static Map<String, String> env(String scenario) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Map<String, String> env = new HashMap<>();
        env.put("SCENARIO", scenario);
        env.put("VIDEO_JOBS_URL", "http://localhost:" + port);
        env.put("USER_TOKEN", TestTokens.user(OWNER));
        env.put("OWNER", OWNER);
        env.put("ADMIN_TOKEN", TestTokens.admin("root-dashboard"));
        env.put("CLIP", TestMedia.speechWithScenes().toString());
        env.put("LONG_CLIP", TestMedia.longClip().toString());
        env.put("LONG_SPEECH_CLIP", TestMedia.longSpeech().toString());
        env.put("NOT_MEDIA", TestMedia.notMedia().toString());
        env.put("SCREENSHOTS", SCREENSHOTS.toString());
        return env;
    }

    private static Map<String, String> engine(String instanceId) {
        return Map.of(
                "video-jobs.engine.enabled", "true",
                "video-jobs.engine.instance-id", instanceId,
                "video-jobs.engine.lease-duration", "4s",
                "video-jobs.storage.directory", "target/dashboard-storage");
    }
}
