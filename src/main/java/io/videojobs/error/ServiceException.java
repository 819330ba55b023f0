package io.videojobs.error;

import java.util.List;

/** A failure the client can act on, carrying its stable code and field-level details. */
public class ServiceException extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldError> details;

    public ServiceException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public ServiceException(ErrorCode code, String message, List<FieldError> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = List.copyOf(details);
    }

    public static ServiceException notFound(String what) {
        return new ServiceException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ServiceException invalid(String field, String message) {
        return new ServiceException(ErrorCode.VALIDATION_ERROR, "Invalid request",
                List.of(new FieldError(field, message)));
    }

    public static ServiceException invalid(List<FieldError> details) {
        return new ServiceException(ErrorCode.VALIDATION_ERROR, "Invalid request", details);
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> details() {
        return details;
    }
}
