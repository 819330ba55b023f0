package io.videojobs.bulk;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What became of one job of a bulk: DONE; SKIPPED when the action does not apply (the job is in a state it cannot
 * leave that way, or it does not exist for the requester); FAILED when the service could not apply it.
 */
@RegisterForReflection
public enum ItemOutcome {
    DONE, SKIPPED, FAILED
}
