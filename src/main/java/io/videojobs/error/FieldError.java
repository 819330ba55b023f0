package io.videojobs.error;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One invalid input field: its JSON path and what is wrong with it. */
@RegisterForReflection
public record FieldError(String field, String message) {
}
