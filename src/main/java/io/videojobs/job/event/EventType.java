package io.videojobs.job.event;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Message types of the wire contract that concern one job. */
@RegisterForReflection
public enum EventType {
    JOB_UPDATE, STAGE_UPDATE, METADATA_UPDATE, THUMBNAIL_GENERATED, ERROR
}
