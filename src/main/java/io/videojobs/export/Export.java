package io.videojobs.export;

/** A rendered export: its body, media type, the file name to save it as, and its entity tag. */
public record Export(byte[] body, String contentType, String fileName, String etag) {
}
