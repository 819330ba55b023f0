package io.videojobs.it;

import io.videojobs.support.MediaServer;
import io.videojobs.support.NodeScript;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A React page in StrictMode, served from another origin, uses {@code @video-jobs/react} in headless Chromium
 * against the packaged service: the job's status, progress and thumbnails render live and every CORS call succeeds.
 * The page and its checks are src/main/webui/e2e/browser.it.mjs.
 */
class BrowserIT {

    @Test
    void aReactPageOnAnotherOriginRendersAJobLive() throws Exception {
        try (MediaServer media = MediaServer.start();
             ServiceInstance service = ServiceInstance.start("browser-it", true, ClientIT.engine("browser-it"))) {
            NodeScript.run("e2e/browser.it.mjs", Map.of(
                    "VIDEO_JOBS_URL", "http://127.0.0.1:" + service.port(),
                    "VIDEO_URL", media.url(TestMedia.speech()),
                    "VIDEO_JOBS_JWT_SECRET", TestTokens.SECRET,
                    "VIDEO_JOBS_JWT_ISSUER", TestTokens.ISSUER,
                    "VIDEO_JOBS_JWT_AUDIENCE", TestTokens.AUDIENCE), Duration.ofMinutes(12));
        }
    }
}
