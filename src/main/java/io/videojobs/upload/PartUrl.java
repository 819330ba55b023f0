package io.videojobs.upload;

import java.time.Instant;

/** Where to PUT one part, until when. */
public record PartUrl(int partNumber, String url, Instant expiresAt) {
}
