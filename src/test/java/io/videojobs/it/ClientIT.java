package io.videojobs.it;

import io.videojobs.support.MediaServer;
import io.videojobs.support.NodeScript;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code @video-jobs/client} in Node against the packaged service with its engine on: real PostgreSQL, JWTs signed
 * with the test secret, real jobs run by ffmpeg on a generated video. The scenarios are in
 * src/main/webui/e2e/client.it.mjs; the last one stops this instance mid-job and starts another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientIT {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(12);

    private MediaServer media;
    private ServiceInstance service;

    @BeforeAll
    void start() throws Exception {
        media = MediaServer.start();
        service = ServiceInstance.start("client-it-a", true, engine("client-it-a"));
    }

    @AfterAll
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        media.close();
    }

    @Test
    @Order(1)
    void theClientGetsASnapshotThenLiveUpdatesUntilTheJobCompletes() throws Exception {
        NodeScript.run("e2e/client.it.mjs", env("live"), SCRIPT_TIMEOUT);
    }

    @Test
    @Order(2)
    void whenAProxyRefusesTheUpgradePollingDeliversTheSameEventsUntilTheSocketWorks() throws Exception {
        NodeScript.run("e2e/client.it.mjs", env("polling"), SCRIPT_TIMEOUT);
    }

    @Test
    @Order(3)
    void aTokenThatExpiresMidSessionIsRefreshedAndTheClientResumes() throws Exception {
        NodeScript.run("e2e/client.it.mjs", env("token-expiry"), SCRIPT_TIMEOUT);
    }

    @Test
    @Order(4)
    void theFeedOfNewJobsAnnouncesJobsCreatedWhileTheSocketWasCutAndReportsAGapEachPollingRound() throws Exception {
        NodeScript.run("e2e/client.it.mjs", env("owner-feed"), SCRIPT_TIMEOUT);
    }

    @Test
    @Order(5)
    void theClientResumesExactlyOnceWhenTheInstanceIsStoppedAndAnotherStartedMidJob() throws Exception {
        try (NodeScript node = NodeScript.start("e2e/client.it.mjs", env("restart"))) {
            node.awaitLine("RESTART", SCRIPT_TIMEOUT);
            service.terminate();
            service.awaitExit(Duration.ofSeconds(60));
            service = ServiceInstance.start("client-it-b", false, engine("client-it-b"));
            node.send("SERVICE http://127.0.0.1:" + service.port());
            node.awaitSuccess(SCRIPT_TIMEOUT);
        }
    }

    private Map<String, String> env(String scenario) {
        Map<String, String> env = new HashMap<>();
        env.put("SCENARIO", scenario);
        env.put("VIDEO_JOBS_URL", "http://127.0.0.1:" + service.port());
        env.put("VIDEO_URL", media.url(TestMedia.longSpeech()));
        env.put("VIDEO_JOBS_JWT_SECRET", TestTokens.SECRET);
        env.put("VIDEO_JOBS_JWT_ISSUER", TestTokens.ISSUER);
        env.put("VIDEO_JOBS_JWT_AUDIENCE", TestTokens.AUDIENCE);
        return env;
    }

    static Map<String, String> engine(String instanceId) {
        return Map.of(
                "video-jobs.engine.enabled", "true",
                "video-jobs.engine.instance-id", instanceId,
                "video-jobs.engine.lease-duration", "10s",
                "video-jobs.fetch.allowed-hosts", "127.0.0.1",
                "video-jobs.storage.directory", "target/it-storage");
    }
}
