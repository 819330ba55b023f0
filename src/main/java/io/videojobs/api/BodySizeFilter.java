package io.videojobs.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.videojobs.api.dto.ErrorResponse;
import io.videojobs.config.JobsConfig;
import io.videojobs.config.UploadsConfig;
import io.videojobs.error.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Enforces the body limits before any of a body is read, with the standard JSON error body (Quarkus would
 * answer an empty 413, and would buffer a JSON body up to the upload limit). A multipart upload may be as
 * large as {@code quarkus.http.limits.max-body-size}; any other body, which is JSON, at most
 * {@code video-jobs.api.max-json-body-size}; a part PUT to the service's own part URL of a resumable upload
 * ({@code PUT /api/uploads/<id>/parts/<n>}, local storage) at most {@code video-jobs.uploads.part-size}. A
 * non-multipart body must declare its Content-Length, so that the limit holds for it too: one sent without
 * (chunked) answers 411.
 */
@ApplicationScoped
public class BodySizeFilter {

    /** Runs before routing and body handling. */
    private static final int PRIORITY = 1000;

    /** The path of {@link UploadResource#putPart}. */
    private static final Pattern UPLOAD_PART = Pattern.compile("/api/uploads/[^/]+/parts/[^/]+");

    private final long maxUploadSize;
    private final long maxJsonSize;
    private final long maxPartSize;
    private final String uploadTooLarge;
    private final String jsonTooLarge;
    private final String partTooLarge;
    private final String lengthRequired;

    public BodySizeFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                          JobsConfig config, UploadsConfig uploads, ObjectMapper mapper) throws JsonProcessingException {
        this.maxUploadSize = maxBodySize.asLongValue();
        this.maxJsonSize = config.maxJsonBodySize().asLongValue();
        this.maxPartSize = uploads.partSize().asLongValue();
        this.partTooLarge = error(mapper, ErrorCode.PAYLOAD_TOO_LARGE,
                "Part too large; a part has at most " + maxPartSize + " bytes");
        this.uploadTooLarge = error(mapper, ErrorCode.PAYLOAD_TOO_LARGE,
                "Request body too large; the limit for uploads is " + maxUploadSize + " bytes");
        this.jsonTooLarge = error(mapper, ErrorCode.PAYLOAD_TOO_LARGE,
                "Request body too large; the limit for JSON bodies is " + maxJsonSize + " bytes");
        this.lengthRequired = error(mapper, ErrorCode.LENGTH_REQUIRED,
                "Send the body with a Content-Length header; only multipart uploads may be chunked");
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        boolean upload = type != null && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
        boolean part = request.method() == HttpMethod.PUT && UPLOAD_PART.matcher(request.path()).matches();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && part) {
            if (declaredLength(length) > maxPartSize) {
                reject(context, ErrorCode.PAYLOAD_TOO_LARGE, partTooLarge);
            } else {
                context.next();
            }
        } else if (length != null && declaredLength(length) > (upload ? maxUploadSize : maxJsonSize)) {
            reject(context, ErrorCode.PAYLOAD_TOO_LARGE, upload ? uploadTooLarge : jsonTooLarge);
        } else if (length == null && !upload && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            reject(context, ErrorCode.LENGTH_REQUIRED, lengthRequired);
        } else {
            context.next();
        }
    }

    private static void reject(RoutingContext context, ErrorCode code, String body) {
        context.response().setStatusCode(code.httpStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }

    private static long declaredLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String error(ObjectMapper mapper, ErrorCode code, String message) throws JsonProcessingException {
        return mapper.writeValueAsString(new ErrorResponse(code.name(), message, List.of()));
    }
}
