package io.videojobs.job;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long each stage takes, over the stages of every instance that completed within a window: the median and p95
 * of {@code finished_at - started_at}, computed by PostgreSQL ({@code percentile_cont}) in one statement.
 */
@ApplicationScoped
public class StageDurations {

    /** The window the operator page shows. */
    public static final Duration LAST_HOUR = Duration.ofHours(1);

    private static final String PERCENTILES = """
            SELECT stage_id, count(*) AS runs,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)) AS median,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at)) AS p95
              FROM job_stages
             WHERE status = 'COMPLETED' AND started_at IS NOT NULL
               AND finished_at >= now() - make_interval(secs => $1)
             GROUP BY stage_id
             ORDER BY min(position)
            """;

    /** One stage's figures: completed runs in the window, median and p95 duration in seconds. */
    public record StagePercentiles(StageId stageId, long runs, double medianSeconds, double p95Seconds) {
    }

    private final Pool pool;

    public StageDurations(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<StagePercentiles>> over(Duration window) {
        return pool.preparedQuery(PERCENTILES).execute(Tuple.of((double) window.toSeconds())).map(rows -> {
            List<StagePercentiles> stages = new ArrayList<>();
            for (Row row : rows) {
                stages.add(new StagePercentiles(StageId.valueOf(row.getString("stage_id")), row.getLong("runs"),
                        row.getDouble("median"), row.getDouble("p95")));
            }
            return stages;
        });
    }
}
