package io.videojobs.api.dto;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * JSON text written out verbatim, so a logged event leaves the API byte for byte as it was stored. Its schema is
 * the logged event's envelope; asyncapi.yaml defines each event type's {@code data}.
 */
@RegisterForReflection
@Schema(name = "JobEvent", description = "A logged event, byte for byte as the WebSocket sent it: JOB_UPDATE, "
        + "STAGE_UPDATE, METADATA_UPDATE, THUMBNAIL_GENERATED or ERROR. asyncapi.yaml defines each type's data.",
        requiredProperties = {"type", "job_id", "data", "timestamp", "seq"},
        properties = {
            @SchemaProperty(name = "type", type = SchemaType.STRING,
                    enumeration = {"JOB_UPDATE", "STAGE_UPDATE", "METADATA_UPDATE", "THUMBNAIL_GENERATED", "ERROR"}),
            @SchemaProperty(name = "job_id", type = SchemaType.STRING, format = "uuid"),
            @SchemaProperty(name = "data", type = SchemaType.OBJECT),
            @SchemaProperty(name = "timestamp", type = SchemaType.STRING, format = "date-time"),
            @SchemaProperty(name = "seq", type = SchemaType.INTEGER, format = "int64", minimum = "1")})
public record RawJson(@Schema(hidden = true) @JsonValue @JsonRawValue String json) {
}
