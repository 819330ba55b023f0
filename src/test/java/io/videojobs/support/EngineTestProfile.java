package io.videojobs.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** One profile for every engine test, so Quarkus starts once for them: the engine on, short timings. */
public class EngineTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "video-jobs.engine.enabled", "true",
                "video-jobs.engine.lease-duration", "5s",
                "video-jobs.engine.retry-base-delay", "200ms",
                "video-jobs.fetch.allowed-hosts", "127.0.0.1",
                "video-jobs.fetch.read-timeout", "5s");
    }
}
