package io.videojobs.upload;

/** Where an upload is: parts arriving, joined into a job, or aborted (by its owner or as abandoned). */
public enum UploadStatus {
    UPLOADING, COMPLETED, ABORTING, ABORTED
}
