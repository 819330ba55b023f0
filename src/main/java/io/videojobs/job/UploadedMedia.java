package io.videojobs.job;

import java.util.Locale;
import java.util.Map;

/**
 * An uploaded source file, already in storage under {@code storageKey}; {@code sha256} identifies its content (for a
 * resumable upload, {@code upload:<id>}: the upload is the content's identity, and hashing it would mean reading it).
 */
public record UploadedMedia(String storageKey, String fileName, long sizeBytes, String sha256) {

    private static final int MAX_NAME = 255;
    private static final Map<String, String> TYPES = Map.of(
            "mp4", "video/mp4", "m4v", "video/mp4", "mov", "video/quicktime", "webm", "video/webm",
            "mkv", "video/x-matroska", "ogv", "video/ogg", "avi", "video/x-msvideo", "ts", "video/mp2t");
    private static final String UNKNOWN_TYPE = "application/octet-stream";

    /** An uploaded file's name as kept: its last path segment, without control characters, at most 255 characters. */
    public static String cleanName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return null;
        }
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
        return name.isEmpty() ? null : name.substring(0, Math.min(MAX_NAME, name.length()));
    }

    /** A media type guessed from a file name's extension (video/mp4 for .mp4), else application/octet-stream. */
    public static String contentType(String fileName) {
        if (fileName == null || fileName.lastIndexOf('.') < 0) {
            return UNKNOWN_TYPE;
        }
        String extension = fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, UNKNOWN_TYPE);
    }
}
