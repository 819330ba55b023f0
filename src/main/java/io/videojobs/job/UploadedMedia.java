package io.videojobs.job;

/** An uploaded source file, already in storage under {@code storageKey}; {@code sha256} identifies its content. */
public record UploadedMedia(String storageKey, String fileName, long sizeBytes, String sha256) {
}
