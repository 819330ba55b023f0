package io.videojobs.job;

import io.videojobs.error.ServiceException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Opaque keyset cursor over jobs ordered by {@code (created_at, id)} descending. */
public record PageCursor(Instant createdAt, UUID id) {

    public static PageCursor after(Job job) {
        return new PageCursor(job.createdAt, job.id);
    }

    public String encode() {
        long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000;
        String raw = micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            long micros = Long.parseLong(raw.substring(0, colon));
            Instant createdAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new PageCursor(createdAt, UUID.fromString(raw.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw ServiceException.invalid("cursor", "is not a cursor this service issued");
        }
    }
}
