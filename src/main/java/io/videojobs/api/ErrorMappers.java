package io.videojobs.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.videojobs.api.dto.ErrorResponse;
import io.videojobs.config.StorageConfig;
import io.videojobs.error.ErrorCode;
import io.videojobs.error.FieldError;
import io.videojobs.error.RangeNotSatisfiableException;
import io.videojobs.error.RateLimitedException;
import io.videojobs.error.ServiceException;
import io.videojobs.storage.StorageUnavailableException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to {@code {error_code, error_message, details?}} with a stable code. An
 * unexpected failure is logged with an id that the client also gets; no stack trace leaves.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final StorageConfig storage;

    public ErrorMappers(StorageConfig storage) {
        this.storage = storage;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> service(ServiceException e) {
        RestResponse<ErrorResponse> response = error(e.code(), e.getMessage(), e.details());
        if (e instanceof RateLimitedException limited) {
            return RestResponse.ResponseBuilder.fromResponse(response)
                    .header(HttpHeaders.RETRY_AFTER, limited.retryAfterSeconds()).build();
        }
        if (e instanceof RangeNotSatisfiableException range) {
            return RestResponse.ResponseBuilder.fromResponse(response)
                    .header("Content-Range", "bytes */" + range.length()).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> validation(ConstraintViolationException e) {
        List<FieldError> details = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return error(ErrorCode.VALIDATION_ERROR, "Invalid request", details);
    }

    /** Quarkus maps this subtype itself, so it is claimed by name to keep one error shape. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public RestResponse<ErrorResponse> mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> json(JsonProcessingException e) {
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            return error(ErrorCode.VALIDATION_ERROR, "Malformed JSON", List.of(new FieldError("body", "is not valid JSON")));
        }
        String field = jsonPath(mapping.getPath());
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else if (e instanceof InvalidFormatException invalid && invalid.getTargetType().isEnum()) {
            message = "must be one of " + Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
        } else {
            message = "has the wrong type";
        }
        return error(ErrorCode.VALIDATION_ERROR, "Invalid request",
                List.of(new FieldError(field.isEmpty() ? "body" : field, message)));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public RestResponse<ErrorResponse> unauthorized() {
        return RestResponse.ResponseBuilder.fromResponse(
                        error(ErrorCode.UNAUTHORIZED, "A valid bearer token is required", List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> forbidden(ForbiddenException e) {
        return error(ErrorCode.FORBIDDEN, "Not allowed", List.of());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        ErrorCode code = ErrorCode.forStatus(status);
        String message = switch (code) {
            case NOT_FOUND -> "Not found";
            case METHOD_NOT_ALLOWED -> "Method not allowed";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported content type; send application/json";
            case NOT_ACCEPTABLE -> "Cannot produce the requested content type";
            case PAYLOAD_TOO_LARGE -> "Request body too large";
            default -> status >= 500 ? "Internal error" : "Bad request";
        };
        if (status >= 500) {
            LOG.error("HTTP " + status, e);
        }
        return error(code, message, List.of());
    }

    /**
     * The store could not be reached (an outage, not a refusal): nothing was changed, so the client retries the same
     * call later. The message names no address of the store; the log has the store's own error.
     */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> storageUnavailable(StorageUnavailableException e) {
        LOG.warnf("Answered 503 STORAGE_UNAVAILABLE: %s", e.getMessage());
        return RestResponse.ResponseBuilder.fromResponse(error(ErrorCode.STORAGE_UNAVAILABLE,
                        "The media store cannot be reached right now; nothing was changed, try again later", List.of()))
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, storage.unavailableRetryAfter().toSeconds())).build();
    }

    /** A store call made on a worker thread fails with its {@link java.io.IOException} unchecked. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> io(UncheckedIOException e) {
        return e.getCause() instanceof StorageUnavailableException unavailable
                ? storageUnavailable(unavailable) : unexpected(e);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public RestResponse<ErrorResponse> unexpected(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, error id %s", errorId);
        return error(ErrorCode.INTERNAL_ERROR, "Internal error (error id " + errorId + ")", List.of());
    }

    static RestResponse<ErrorResponse> error(ErrorCode code, String message, List<FieldError> details) {
        return RestResponse.ResponseBuilder.<ErrorResponse>create(code.httpStatus())
                .entity(new ErrorResponse(code.name(), message, details))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** {@code submit.request.options.thumbnailCount} becomes {@code options.thumbnail_count}. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                names.add(snakeCase(node.getName()) + (node.getIndex() != null ? "[" + node.getIndex() + "]" : ""));
            }
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
