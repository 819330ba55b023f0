package io.videojobs.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.videojobs.api.dto.ErrorResponse;
import io.videojobs.error.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared Content-Length exceeds {@code quarkus.http.limits.max-body-size}
 * (typically an oversized upload) with 413 in the standard JSON error body, before any of it is read.
 * Quarkus would otherwise answer with an empty 413.
 */
@ApplicationScoped
public class BodySizeFilter {

    /** Runs before routing and body handling. */
    private static final int PRIORITY = 1000;

    private final long maxBodySize;
    private final String body;

    public BodySizeFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                          ObjectMapper mapper) throws JsonProcessingException {
        this.maxBodySize = maxBodySize.asLongValue();
        this.body = mapper.writeValueAsString(new ErrorResponse(ErrorCode.PAYLOAD_TOO_LARGE.name(),
                "Request body too large; the limit is " + this.maxBodySize + " bytes", List.of()));
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOverLimit(length)) {
                context.response().setStatusCode(ErrorCode.PAYLOAD_TOO_LARGE.httpStatus())
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(body);
                return;
            }
            context.next();
        }, PRIORITY);
    }

    private boolean isOverLimit(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
