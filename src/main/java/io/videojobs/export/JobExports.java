package io.videojobs.export;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.error.ServiceException;
import io.videojobs.job.JsonText;
import io.videojobs.job.MetadataType;
import io.videojobs.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Renders a job's transcript or chapters as a file, for its owner (or an admin), or for a signed link. The entity
 * tag hashes the format, the stored content and when it was stored: an unchanged item keeps its tag, and a run that
 * writes the item again gives a new one.
 */
@ApplicationScoped
public class JobExports {

    private static final String READ = """
            SELECT j.owner_id, m.content_json, m.updated_at
              FROM jobs j LEFT JOIN job_metadata m ON m.job_id = j.id AND m.metadata_type = $2
             WHERE j.id = $1
            """;

    private final Pool pool;
    private final JsonText json;

    public JobExports(Pool pool, JsonText json) {
        this.pool = pool;
        this.json = json;
    }

    /** The export; {@code caller} null means a signed link already vouched for it. NOT_FOUND as for a missing job. */
    public Uni<Export> get(Caller caller, UUID jobId, ExportFormat format) {
        return pool.preparedQuery(READ).execute(Tuple.of(jobId, format.source().name())).map(rows -> {
            Row row = rows.size() == 0 ? null : rows.iterator().next();
            if (row == null || (caller != null && !caller.canAccess(row.getString("owner_id")))) {
                throw ServiceException.notFound("Job");
            }
            String content = row.getString("content_json");
            if (content == null) {
                throw ServiceException.notFound(format.source() == MetadataType.CHAPTERS
                        ? "Chapters" : "Transcript");
            }
            byte[] body = format.render(json.read(content)).getBytes(StandardCharsets.UTF_8);
            OffsetDateTime stored = row.getOffsetDateTime("updated_at");
            return new Export(body, format.contentType(), jobId + "-" + format.fileName(),
                    etag(format, content, stored));
        });
    }

    static String etag(ExportFormat format, String content, OffsetDateTime stored) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((format.name() + '\n' + stored.toInstant() + '\n').getBytes(StandardCharsets.UTF_8));
            byte[] hash = digest.digest(content.getBytes(StandardCharsets.UTF_8));
            return '"' + HexFormat.of().formatHex(hash, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
