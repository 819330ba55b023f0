package io.videojobs.upload;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.config.UploadsConfig;
import io.videojobs.storage.MediaStorage;
import io.videojobs.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Aborts uploads nobody completed within {@code video-jobs.uploads.abandon-after} and removes their parts, whatever
 * job retention says (GCS never expires a multipart upload by itself). It also aborts multipart uploads the store
 * holds under {@code uploads/} that are older than that but that no row knows of (an instance stopped between
 * starting one and recording it). Each sweep takes its rows for five minutes, so instances do not collide.
 */
@ApplicationScoped
public class AbandonedUploads {

    private static final Logger LOG = Logger.getLogger(AbandonedUploads.class);
    private static final int BATCH = 100;
    private static final String CLAIM = """
            UPDATE uploads SET status = 'ABORTING', expires_at = $1 + interval '5 minutes'
            WHERE id IN (SELECT id FROM uploads WHERE status IN ('UPLOADING', 'ABORTING') AND expires_at < $1
                         ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id, storage_key, store_upload_id""";

    private final MediaStorage storage;
    private final Pool pool;
    private final Vertx vertx;
    private final UploadsConfig config;

    public AbandonedUploads(MediaStorage storage, Pool pool, Vertx vertx, UploadsConfig config) {
        this.storage = storage;
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
    }

    @Scheduled(every = "${video-jobs.uploads.sweep-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return abortAbandoned(Instant.now()).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            LOG.warnf("The abandoned-upload sweep failed; it runs again in %s: %s", config.sweepInterval(), failure.toString());
            return Uni.createFrom().voidItem();
        });
    }

    /** Aborts what is abandoned at {@code now}; answers how many uploads were aborted. */
    public Uni<Integer> abortAbandoned(Instant now) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(now.atOffset(ZoneOffset.UTC), BATCH)).chain(rows -> {
            List<Row> claimed = new ArrayList<>();
            rows.forEach(claimed::add);
            return vertx.executeBlocking(Uni.createFrom().item(() -> abortAll(claimed, now)), false)
                    .chain(aborted -> aborted.isEmpty() ? Uni.createFrom().item(0)
                            : pool.preparedQuery(Uploads.ABORTED).execute(Tuple.of((Object) aborted.toArray(UUID[]::new)))
                            .replaceWith(aborted.size()))
                    .chain(count -> claimed.size() == BATCH ? abortAbandoned(now).map(more -> count + more)
                            : Uni.createFrom().item(count));
        });
    }

    /** Aborts the claimed uploads and the store's unknown old ones; answers the ids of the claimed ones aborted. */
    private List<UUID> abortAll(List<Row> claimed, Instant now) {
        List<UUID> aborted = new ArrayList<>();
        for (Row row : claimed) {
            try {
                storage.abortMultipart(row.getString("storage_key"), row.getString("store_upload_id"));
                aborted.add(row.getUUID("id"));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Cannot abort abandoned upload %s now (%s); the next sweep tries again", row.getUUID("id"),
                        e.getMessage());
            }
        }
        if (!aborted.isEmpty()) {
            LOG.infof("Aborted %d abandoned upload(s)", aborted.size());
        }
        try {
            for (Map.Entry<String, String> orphan : storage.multipartsStartedBefore(StorageKeys.UPLOADS,
                    now.minus(config.abandonAfter()))) {
                storage.abortMultipart(orphan.getKey(), orphan.getValue());
                LOG.infof("Aborted a multipart upload the store held with no upload of the service: %s", orphan.getKey());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cannot list the store's old multipart uploads now (%s); the next sweep tries again", e.getMessage());
        }
        return aborted;
    }
}
