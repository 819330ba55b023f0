package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** JSON text written out verbatim, so a logged event leaves the API byte for byte as it was stored. */
@RegisterForReflection
public record RawJson(@JsonValue @JsonRawValue String json) {
}
