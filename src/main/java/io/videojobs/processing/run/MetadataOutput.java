package io.videojobs.processing.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.videojobs.job.MetadataType;

/** A metadata item a stage produced, committed (and announced) when the stage completes. */
public record MetadataOutput(MetadataType type, JsonNode content) {
}
