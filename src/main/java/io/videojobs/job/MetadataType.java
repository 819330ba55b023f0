package io.videojobs.job;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Kinds of metadata a job carries; TITLE, DESCRIPTION and TAGS may also be edited by the owner. */
@RegisterForReflection
public enum MetadataType {
    TITLE, DESCRIPTION, TAGS, TRANSCRIPT, CHAPTERS;

    public boolean isUserEditable() {
        return this == TITLE || this == DESCRIPTION || this == TAGS;
    }
}
