package io.videojobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.videojobs.support.NodeScript;
import io.videojobs.support.S3ProxyServer;
import io.videojobs.support.ServiceInstance;
import io.videojobs.support.TestMedia;
import io.videojobs.support.TestTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resumable uploads in headless Chromium against the packaged service on s3 storage (S3Proxy with CORS for the
 * page's origin): the connection is cut after the first part, the page reloaded, and {@code uploadJob} with the same
 * file resumes the upload; the job completes with a source byte-identical to the file, and a repeated complete
 * makes no second job; the service's log holds no part URL's signature. The page and its checks are src/main/webui/e2e/upload-resume.it.mjs.
 */
class UploadResumeIT {

    @Test
    void anUploadCutMidwayResumesAfterAReloadAndItsJobHasTheFile() throws Exception {
        S3ProxyServer store = new S3ProxyServer();
        Map<String, String> properties = new HashMap<>(ClientIT.engine("upload-resume-it"));
        properties.putAll(store.start());
        properties.put("video-jobs.uploads.part-size", "5M");
        try (ServiceInstance service = ServiceInstance.start("upload-resume-it", true, properties)) {
            NodeScript.run("e2e/upload-resume.it.mjs", Map.of(
                    "VIDEO_JOBS_URL", "http://127.0.0.1:" + service.port(),
                    "STORE_URL", S3ProxyServer.endpoint().toString(),
                    "CLIP", TestMedia.multipartClip().toString(),
                    "VIDEO_JOBS_JWT_SECRET", TestTokens.SECRET,
                    "VIDEO_JOBS_JWT_ISSUER", TestTokens.ISSUER,
                    "VIDEO_JOBS_JWT_AUDIENCE", TestTokens.AUDIENCE), Duration.ofMinutes(10));
            List<String> leaks = service.log().lines().filter(line -> line.contains("X-Amz-Signature")
                    || line.contains(S3ProxyServer.SECRET_KEY)).toList();
            assertEquals(List.of(), leaks, "no part URL's signature or secret key in the service's log");
        } finally {
            store.stop();
        }
    }
}
