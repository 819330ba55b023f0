package io.videojobs.processing.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videojobs.config.FetchConfig;
import io.videojobs.processing.run.RunHandle;
import io.videojobs.processing.run.StageFailure;
import io.videojobs.security.PinnedHttpClient;
import io.videojobs.support.HttpReceiver;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's downloads go through the pinned client: rebinding and redirects to internal addresses reach nothing. */
class SourceFetcherTest {

    @TempDir
    Path work;

    private HttpReceiver internal;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final RunHandle handle = new RunHandle(UUID.randomUUID(), timer);

    @BeforeEach
    void start() {
        internal = HttpReceiver.start(request -> new HttpReceiver.Answer(200, Map.of(), "internal secrets"));
    }

    @AfterEach
    void stop() {
        internal.close();
        timer.shutdownNow();
    }

    @Test
    void aSourceHostThatRebindsToLoopbackAfterTheCheckGetsNoRequestThrough() {
        AtomicInteger lookups = new AtomicInteger();
        PinnedHttpClient.Resolver rebinding = host -> List.of(InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "93.184.215.14" : "127.0.0.1"));
        SourceFetcher fetcher = new SourceFetcher(config(), new PinnedHttpClient(rebinding, List.of()));

        StageFailure failure = assertThrows(StageFailure.class, () -> fetcher.download(
                "http://videos.example.test:" + internal.port() + "/clip.mp4", work.resolve("download"), handle));

        assertEquals("FETCH_FAILED", failure.errorCode());
        assertEquals(1, lookups.get());
        assertEquals(List.of(), internal.received(), "the loopback listener saw no request");
    }

    @Test
    void aRedirectToAnInternalAddressIsRefusedAndTheInternalListenerSeesNothing() {
        try (HttpReceiver redirecting = HttpReceiver.start(request -> new HttpReceiver.Answer(302,
                Map.of("Location", "http://localhost:" + internal.port() + "/admin"), ""))) {
            SourceFetcher fetcher = new SourceFetcher(config(), new PinnedHttpClient(
                    PinnedHttpClient.SYSTEM_RESOLVER, List.of("127.0.0.1")));

            StageFailure failure = assertThrows(StageFailure.class, () -> fetcher.download(
                    redirecting.url("/clip.mp4"), work.resolve("download"), handle));

            assertEquals("SOURCE_FORBIDDEN", failure.errorCode());
            assertTrue(failure.getMessage().contains("internal network address"), failure.getMessage());
            assertEquals(1, redirecting.received().size());
            assertEquals(List.of(), internal.received());
        }
    }

    @Test
    void aRedirectToAnAllowedHostIsFollowedAndDownloaded() throws Exception {
        try (HttpReceiver redirecting = HttpReceiver.start(request -> new HttpReceiver.Answer(302,
                Map.of("Location", internal.url("/clip.mp4")), ""))) {
            SourceFetcher fetcher = new SourceFetcher(config(), new PinnedHttpClient(
                    PinnedHttpClient.SYSTEM_RESOLVER, List.of("127.0.0.1")));

            fetcher.download(redirecting.url("/start"), work.resolve("download"), handle);

            assertArrayEquals("internal secrets".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(work.resolve("download")));
            assertEquals("/clip.mp4", internal.received().get(0).path());
        }
    }

    private static FetchConfig config() {
        return new FetchConfig() {
            @Override
            public Duration connectTimeout() {
                return Duration.ofMillis(500);
            }

            @Override
            public Duration readTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public long maxBytes() {
                return 1024 * 1024;
            }

            @Override
            public int maxRedirects() {
                return 3;
            }

            @Override
            public Optional<List<String>> allowedHosts() {
                return Optional.empty();
            }
        };
    }
}
