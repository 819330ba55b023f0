package io.videojobs.bulk;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A bulk runs until every job has an outcome. */
@RegisterForReflection
public enum BulkStatus {
    RUNNING, COMPLETED
}
