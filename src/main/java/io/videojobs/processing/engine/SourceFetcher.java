package io.videojobs.processing.engine;

import io.videojobs.config.FetchConfig;
import io.videojobs.processing.run.RunHandle;
import io.videojobs.processing.run.StageFailure;
import io.videojobs.security.PinnedHttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Downloads a source URL to a file, blocking (engine worker threads only): connect and read timeouts, a size
 * limit, no proxy, and every hop (the URL, then each redirect target) sent through {@link PinnedHttpClient}, which
 * checks the addresses it resolved and connects to those, so a DNS answer that changes after the check cannot
 * reach an internal address.
 */
@ApplicationScoped
class SourceFetcher {

    private static final int BUFFER = 64 * 1024;

    private final FetchConfig config;
    private final PinnedHttpClient http;

    @Inject
    public SourceFetcher(FetchConfig config) {
        this(config, new PinnedHttpClient(PinnedHttpClient.SYSTEM_RESOLVER, config.allowedHosts().orElse(List.of())));
    }

    SourceFetcher(FetchConfig config, PinnedHttpClient http) {
        this.config = config;
        this.http = http;
    }

    public void download(String url, Path target, RunHandle handle) throws StageFailure {
        URI uri = URI.create(url);
        for (int hop = 0; hop <= config.maxRedirects(); hop++) {
            handle.checkActive();
            try (PinnedHttpClient.Response response = send(uri)) {
                int status = response.status();
                if (status >= 300 && status < 400 && response.header("Location") != null) {
                    uri = uri.resolve(response.header("Location"));
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!scheme.equals("http") && !scheme.equals("https")) {
                        throw StageFailure.fatal("FETCH_FAILED", "The source URL redirects to a non-http(s) URL");
                    }
                    continue;
                }
                if (status >= 500 || status == 408 || status == 429) {
                    throw StageFailure.transientFailure("FETCH_FAILED", "The source URL answered HTTP " + status, null);
                }
                if (status != 200) {
                    throw StageFailure.fatal("FETCH_FAILED", "The source URL answered HTTP " + status);
                }
                if (response.contentLength() > config.maxBytes()) {
                    throw tooLarge();
                }
                copy(response.body(), target, handle);
                return;
            } catch (SocketTimeoutException e) {
                throw StageFailure.transientFailure("FETCH_FAILED", "Downloading the source timed out", e);
            } catch (IOException e) {
                throw StageFailure.transientFailure("FETCH_FAILED", "Downloading the source failed: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw StageFailure.fatal("FETCH_FAILED", "Cannot open the source URL: " + e.getMessage());
            }
        }
        throw StageFailure.fatal("FETCH_FAILED", "The source URL redirects more than " + config.maxRedirects() + " times");
    }

    private PinnedHttpClient.Response send(URI uri) throws IOException, StageFailure {
        try {
            return http.send(new PinnedHttpClient.Request("GET", uri, Map.of("User-Agent", "video-jobs"), null,
                    config.connectTimeout(), config.readTimeout(), null));
        } catch (PinnedHttpClient.ForbiddenTargetException e) {
            throw StageFailure.fatal("SOURCE_FORBIDDEN", e.getMessage());
        } catch (UnknownHostException e) {
            throw StageFailure.transientFailure("FETCH_FAILED", "Cannot resolve the source host " + uri.getHost(), e);
        }
    }

    private void copy(InputStream body, Path target, RunHandle handle) throws IOException, StageFailure {
        long total = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = body; OutputStream out = Files.newOutputStream(target)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total += read;
                if (total > config.maxBytes()) {
                    throw tooLarge();
                }
                out.write(buffer, 0, read);
                handle.checkActive();
            }
        }
    }

    private StageFailure tooLarge() {
        return StageFailure.fatal("SOURCE_TOO_LARGE", "The source is larger than the limit of " + config.maxBytes() + " bytes");
    }
}
