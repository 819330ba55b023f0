package io.videojobs.job;

/** Kinds of metadata a job carries; TITLE, DESCRIPTION and TAGS may also be edited by the owner. */
public enum MetadataType {
    TITLE, DESCRIPTION, TAGS, TRANSCRIPT, CHAPTERS;

    public boolean isUserEditable() {
        return this == TITLE || this == DESCRIPTION || this == TAGS;
    }
}
