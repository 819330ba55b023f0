package io.videojobs.job.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.MetadataType;

/** Payload of {@code METADATA_UPDATE}: the content is a string, a list or an object by type. */
@RegisterForReflection
public record MetadataUpdateData(MetadataType metadataType, JsonNode content) {
}
