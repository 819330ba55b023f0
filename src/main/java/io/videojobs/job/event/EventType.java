package io.videojobs.job.event;

/** Message types of the wire contract that concern one job. */
public enum EventType {
    JOB_UPDATE, STAGE_UPDATE, METADATA_UPDATE, THUMBNAIL_GENERATED, ERROR
}
