package io.videojobs.bulk;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a bulk does to each of its jobs: what the single-job endpoints of the same names do. */
@RegisterForReflection
public enum BulkAction {
    RETRY, CANCEL, DELETE
}
