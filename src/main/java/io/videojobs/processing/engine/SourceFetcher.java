package io.videojobs.processing.engine;

import io.videojobs.config.FetchConfig;
import io.videojobs.processing.run.RunHandle;
import io.videojobs.processing.run.StageFailure;
import io.videojobs.security.SsrfGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Downloads a source URL to a file, blocking (engine worker threads only): connect and read timeouts,
 * a size limit, no proxy, and every redirect target checked by {@link SsrfGuard} like the original URL.
 */
@ApplicationScoped
class SourceFetcher {

    private static final int BUFFER = 64 * 1024;

    private final FetchConfig config;
    private final SsrfGuard guard;

    public SourceFetcher(FetchConfig config, SsrfGuard guard) {
        this.config = config;
        this.guard = guard;
    }

    public void download(String url, Path target, RunHandle handle) throws StageFailure {
        URI uri = URI.create(url);
        for (int hop = 0; hop <= config.maxRedirects(); hop++) {
            handle.checkActive();
            HttpURLConnection connection = open(uri);
            try {
                int status = connection.getResponseCode();
                if (status >= 300 && status < 400 && connection.getHeaderField("Location") != null) {
                    uri = uri.resolve(connection.getHeaderField("Location"));
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
                long length = connection.getContentLengthLong();
                if (length > config.maxBytes()) {
                    throw tooLarge();
                }
                copy(connection.getInputStream(), target, handle);
                return;
            } catch (SocketTimeoutException e) {
                throw StageFailure.transientFailure("FETCH_FAILED", "Downloading the source timed out", e);
            } catch (IOException e) {
                throw StageFailure.transientFailure("FETCH_FAILED", "Downloading the source failed: " + e.getMessage(), e);
            } finally {
                connection.disconnect();
            }
        }
        throw StageFailure.fatal("FETCH_FAILED", "The source URL redirects more than " + config.maxRedirects() + " times");
    }

    private HttpURLConnection open(URI uri) throws StageFailure {
        try {
            guard.checkFetched(uri);
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) config.connectTimeout().toMillis());
            connection.setReadTimeout((int) config.readTimeout().toMillis());
            connection.setRequestProperty("User-Agent", "video-jobs");
            return connection;
        } catch (SsrfGuard.ForbiddenTargetException e) {
            throw StageFailure.fatal("SOURCE_FORBIDDEN", e.getMessage());
        } catch (UnknownHostException e) {
            throw StageFailure.transientFailure("FETCH_FAILED", "Cannot resolve the source host " + uri.getHost(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw StageFailure.fatal("FETCH_FAILED", "Cannot open the source URL: " + e.getMessage());
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
