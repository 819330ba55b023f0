package io.videojobs.bulk;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.config.BulkConfig;
import io.videojobs.error.ServiceException;
import io.videojobs.job.JobRows;
import io.videojobs.search.JobConditions;
import io.videojobs.search.JobFilter;
import io.videojobs.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Accepts bulk actions and reports on them. A request's jobs are chosen once, when it is made, and stored with it
 * (a filter's matches newest first, or the given ids in their order), so jobs created afterwards are never touched;
 * {@link BulkRunner} then works through them. Which jobs the requester may change is checked per job when it runs,
 * as the single-job endpoints check it.
 */
@ApplicationScoped
public class BulkActions {

    private static final String INSERT_BULK = """
            INSERT INTO bulk_actions (id, owner_id, admin, action, status, total, created_at)
            VALUES ($1, $2, $3, $4, 'RUNNING', 0, now())""";
    private static final String INSERT_IDS = """
            INSERT INTO bulk_action_items (bulk_id, position, job_id)
            SELECT $1, u.ordinality - 1, u.job_id FROM unnest($2::uuid[]) WITH ORDINALITY AS u (job_id, ordinality)""";
    private static final String INSERT_MATCHES = """
            INSERT INTO bulk_action_items (bulk_id, position, job_id)
            SELECT %s, row_number() OVER (ORDER BY m.created_at DESC, m.id DESC) - 1, m.id
              FROM (SELECT j.id, j.created_at FROM jobs j WHERE %s ORDER BY j.created_at DESC, j.id DESC LIMIT %s) m""";
    /** An empty bulk is done as soon as it exists. */
    private static final String SET_TOTAL = """
            UPDATE bulk_actions
               SET total = $2,
                   status = CASE WHEN $2 = 0 THEN 'COMPLETED' ELSE status END,
                   finished_at = CASE WHEN $2 = 0 THEN now() END
             WHERE id = $1""";
    private static final String PROGRESS = """
            SELECT b.owner_id, b.action, b.status, b.total, b.created_at, b.finished_at,
                   count(*) FILTER (WHERE i.outcome = 'DONE') AS done,
                   count(*) FILTER (WHERE i.outcome = 'SKIPPED') AS skipped,
                   count(*) FILTER (WHERE i.outcome = 'FAILED') AS failed
              FROM bulk_actions b LEFT JOIN bulk_action_items i ON i.bulk_id = b.id AND i.outcome IS NOT NULL
             WHERE b.id = $1
             GROUP BY b.id""";
    private static final String RESULTS = """
            SELECT job_id, outcome, reason FROM bulk_action_items WHERE bulk_id = $1 ORDER BY position""";

    private final Pool pool;
    private final BulkConfig config;
    private final BulkRunner runner;

    public BulkActions(Pool pool, BulkConfig config, BulkRunner runner) {
        this.pool = pool;
        this.config = config;
        this.runner = runner;
    }

    /** A bulk over these jobs, in this order, each once. */
    public Uni<BulkProgress> start(Caller caller, BulkAction action, Collection<UUID> jobIds) {
        if (jobIds.size() > config.maxJobs()) {
            throw ServiceException.invalid("job_ids", "may hold at most " + config.maxJobs() + " jobs");
        }
        UUID[] ids = jobIds.stream().distinct().toArray(UUID[]::new);
        return create(caller, action, (connection, bulkId) -> connection.preparedQuery(INSERT_IDS)
                .execute(Tuple.of(bulkId, ids)));
    }

    /** A bulk over the caller's jobs that match {@code filter} now. */
    public Uni<BulkProgress> start(Caller caller, BulkAction action, JobFilter filter) {
        return create(caller, action, (connection, bulkId) -> {
            JobConditions where = new JobConditions(caller, filter);
            String sql = INSERT_MATCHES.formatted(where.bind(bulkId), where.where(), where.bind(config.maxJobs() + 1));
            return connection.preparedQuery(sql).execute(where.params());
        });
    }

    /** The bulk, if the caller made it (or is an admin); otherwise NOT_FOUND, as for a missing one. */
    public Uni<BulkProgress> progress(Caller caller, UUID bulkId) {
        return pool.preparedQuery(PROGRESS).execute(Tuple.of(bulkId)).chain(rows -> {
            Row row = rows.size() == 0 ? null : rows.iterator().next();
            if (row == null || !caller.canAccess(row.getString("owner_id"))) {
                return Uni.createFrom().failure(ServiceException.notFound("Bulk action"));
            }
            BulkStatus status = BulkStatus.valueOf(row.getString("status"));
            Uni<List<ItemResult>> results = status == BulkStatus.COMPLETED ? results(bulkId)
                    : Uni.createFrom().item(List.of());
            return results.map(items -> new BulkProgress(bulkId, BulkAction.valueOf(row.getString("action")), status,
                    row.getInteger("total"), row.getLong("done").intValue(), row.getLong("skipped").intValue(),
                    row.getLong("failed").intValue(), JobRows.instant(row, "created_at"),
                    JobRows.instant(row, "finished_at"), items));
        });
    }

    private Uni<List<ItemResult>> results(UUID bulkId) {
        return pool.preparedQuery(RESULTS).execute(Tuple.of(bulkId)).map(rows -> {
            List<ItemResult> results = new ArrayList<>(rows.size());
            for (Row row : rows) {
                results.add(new ItemResult(row.getUUID("job_id"), ItemOutcome.valueOf(row.getString("outcome")),
                        row.getString("reason")));
            }
            return results;
        });
    }

    /** Inserts the bulk and its items in one transaction, then has the runner start on it. */
    private Uni<BulkProgress> create(Caller caller, BulkAction action, ItemSelection selection) {
        UUID bulkId = UUID.randomUUID();
        return pool.withTransaction(connection -> connection.preparedQuery(INSERT_BULK)
                        .execute(Tuple.of(bulkId, caller.userId(), caller.admin(), action.name()))
                        .chain(() -> selection.insert(connection, bulkId))
                        .chain(inserted -> {
                            int total = inserted.rowCount();
                            if (total > config.maxJobs()) {
                                return Uni.createFrom().failure(ServiceException.invalid("filter",
                                        "matches more than " + config.maxJobs() + " jobs; narrow it"));
                            }
                            return connection.preparedQuery(SET_TOTAL).execute(Tuple.of(bulkId, total));
                        }))
                .invoke(runner::wake)
                .chain(() -> progress(caller, bulkId));
    }

    /** Inserts a bulk's items on the connection of its transaction. */
    @FunctionalInterface
    private interface ItemSelection {
        Uni<RowSet<Row>> insert(SqlConnection connection, UUID bulkId);
    }
}
