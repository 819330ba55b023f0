package io.videojobs.processing.openai;

import io.videojobs.config.OpenAiEndpoint;
import io.videojobs.processing.run.JobAbortedException;
import io.videojobs.processing.run.RunHandle;
import io.videojobs.processing.run.StageFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * POSTs to an OpenAI-compatible API from an engine worker thread with the JDK's HTTP client: bearer key,
 * per-request timeout, retries with exponential backoff on 429, 5xx, timeouts and broken connections (a
 * longer {@code Retry-After} wins), and an abort of the job cancels the request at once.
 */
@ApplicationScoped
public class OpenAiHttp {

    private static final long POLL_MILLIS = 100;
    private static final int ERROR_EXCERPT = 300;

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * Sends the request built by {@code body} (called again for each attempt) and returns the 2xx answer's
     * body. A 4xx other than 429 fails at once; every failure is a recoverable {@code errorCode}.
     */
    public String post(OpenAiEndpoint endpoint, String path, String contentType,
                       Supplier<HttpRequest.BodyPublisher> body, RunHandle handle, String errorCode)
            throws StageFailure {
        URI uri = URI.create(endpoint.baseUrl().replaceAll("/+$", "") + path);
        String lastProblem = "no attempt";
        for (int attempt = 1; attempt <= endpoint.maxAttempts(); attempt++) {
            handle.checkActive();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(endpoint.timeout())
                    .header("Content-Type", contentType).header("Accept", "application/json")
                    .POST(body.get());
            endpoint.apiKey().filter(key -> !key.isBlank())
                    .ifPresent(key -> request.header("Authorization", "Bearer " + key));
            Duration retryAfter = Duration.ZERO;
            try {
                HttpResponse<String> response = await(client.sendAsync(request.build(),
                        HttpResponse.BodyHandlers.ofString()), handle);
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response.body();
                }
                lastProblem = "HTTP " + status + excerpt(response.body());
                if (status != 429 && status < 500) {
                    throw StageFailure.recoverable(errorCode, "The API at " + uri + " refused the request: " + lastProblem);
                }
                retryAfter = retryAfter(response.headers().firstValue("Retry-After"));
            } catch (HttpTimeoutException e) {
                lastProblem = "no answer within " + endpoint.timeout().toMillis() + " ms";
            } catch (IOException e) {
                lastProblem = "connection failed (" + e.getMessage() + ")";
            }
            if (attempt < endpoint.maxAttempts()) {
                Duration backoff = endpoint.retryBaseDelay().multipliedBy(1L << Math.min(attempt - 1, 10));
                sleep(retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff, handle);
            }
        }
        throw StageFailure.recoverable(errorCode, "The API at " + uri + " failed after " + endpoint.maxAttempts()
                + " attempts: " + lastProblem);
    }

    /** Waits for the response, cancelling the request as soon as the job is aborted. */
    private static HttpResponse<String> await(CompletableFuture<HttpResponse<String>> future, RunHandle handle)
            throws IOException {
        try {
            while (true) {
                if (handle.isAborted()) {
                    future.cancel(true);
                    handle.checkActive();
                }
                try {
                    return future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still waiting: look at the handle again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new JobAbortedException("Interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private static void sleep(Duration delay, RunHandle handle) {
        long until = System.nanoTime() + delay.toNanos();
        try {
            while (System.nanoTime() < until) {
                handle.checkActive();
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobAbortedException("Interrupted");
        }
        handle.checkActive();
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is ignored), capped at a minute. */
    static Duration retryAfter(Optional<String> header) {
        try {
            return header.map(String::strip).map(Long::parseLong).map(s -> Duration.ofSeconds(Math.min(60, Math.max(0, s))))
                    .orElse(Duration.ZERO);
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip().replaceAll("\\s+", " ");
        return ": " + (text.length() <= ERROR_EXCERPT ? text : text.substring(0, ERROR_EXCERPT) + "...");
    }
}
