package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How many jobs a filter matches: what "select all N matching" offers. */
@RegisterForReflection
@Schema(name = "JobCount")
public record JobCountView(@Schema(required = true, minimum = "0") long count) {
}
