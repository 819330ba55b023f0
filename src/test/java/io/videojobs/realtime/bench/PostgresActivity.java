package io.videojobs.realtime.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PostgreSQL's own view of one benchmark phase, read as the superuser over JDBC: the database's commits
 * ({@code pg_stat_database}) and WAL flushes ({@code pg_stat_wal}) over the phase; what each kind of connection
 * (by {@code application_name}: the request pool, the realtime pool, the LISTEN connection) was doing, sampled
 * every 50 ms from {@code pg_stat_activity}, where waits on the NOTIFY queue show as {@code Lock:object} (the
 * database-wide lock a notifying transaction takes at commit) or {@code LWLock:Notify*}; the NOTIFY queue's largest
 * fill; and the statements that took the server's time ({@code pg_stat_statements}, reset at the start).
 */
final class PostgresActivity implements AutoCloseable {

    private static final String ACTIVITY = """
            select coalesce(nullif(application_name, ''), '?'), state, wait_event_type, wait_event,
                   (select pg_notification_queue_usage())
            from pg_stat_activity
            where backend_type = 'client backend' and datname = current_database() and pid <> pg_backend_pid()""";
    private static final String DATABASE = """
            select xact_commit, xact_rollback, tup_inserted, tup_updated,
                   (select wal_sync from pg_stat_wal), (select wal_records from pg_stat_wal)
            from pg_stat_database where datname = current_database()""";
    private static final String TOP_STATEMENTS = """
            select calls, total_exec_time, mean_exec_time, regexp_replace(query, '\\s+', ' ', 'g')
            from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
            order by total_exec_time desc limit 8""";
    private static final String NOTIFY_CALLS = """
            select coalesce(sum(calls), 0) from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) and query like '%pg_notify%'""";
    private static final long SAMPLE_MILLIS = 50;

    private final Connection control;
    private final Connection sampling;
    private final boolean statements;
    private final Map<String, Long> seen = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private long[] startCounters;
    private long samples;
    private double queueUsageMax;
    private Thread sampler;

    PostgresActivity(String jdbcUrl) throws SQLException {
        control = DriverManager.getConnection(jdbcUrl);
        sampling = DriverManager.getConnection(jdbcUrl);
        statements = exists("select 1 from pg_extension where extname = 'pg_stat_statements'");
    }

    Connection connection() {
        return control;
    }

    void start() throws SQLException {
        seen.clear();
        samples = 0;
        queueUsageMax = 0;
        if (statements) {
            query("select pg_stat_statements_reset()");
        }
        startCounters = counters();
        running.set(true);
        sampler = new Thread(this::sampleUntilStopped, "pg-activity-sampler");
        sampler.start();
    }

    /** Stops sampling and returns the phase's figures: report lines and, for the summary, key=value fields. */
    Report stop(double seconds) throws Exception {
        running.set(false);
        sampler.join();
        long[] end = counters();
        double commits = (end[0] - startCounters[0]) / seconds;
        double walSyncs = (end[4] - startCounters[4]) / seconds;
        List<String> lines = new ArrayList<>();
        lines.add(String.format("pg_stat_database: %.0f commits/s, %.0f rollbacks/s, %.0f rows inserted/s, %.0f updated/s;"
                        + " pg_stat_wal: %.0f WAL flushes/s, %.0f WAL records/s; NOTIFY queue at most %.4f %% full",
                commits, (end[1] - startCounters[1]) / seconds, (end[2] - startCounters[2]) / seconds,
                (end[3] - startCounters[3]) / seconds, walSyncs, (end[5] - startCounters[5]) / seconds,
                queueUsageMax * 100));
        lines.add(String.format("pg_stat_activity, %d samples: connections of each application_name in each state"
                + " and wait event, on average", samples));
        double notifyWaits = 0;
        List<Map.Entry<String, Long>> entries = new ArrayList<>(seen.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> entry : entries) {
            double average = (double) entry.getValue() / Math.max(1, samples);
            if (entry.getKey().contains("Lock:object") || entry.getKey().contains(":Notify")) {
                notifyWaits += average;
            }
            if (average >= 0.005) {
                lines.add(String.format("  %6.2f  %s", average, entry.getKey()));
            }
        }
        if (statements) {
            lines.add("pg_stat_statements, the top statements by execution time: calls, total ms, mean ms, statement");
            try (Statement statement = control.createStatement(); ResultSet rows = statement.executeQuery(TOP_STATEMENTS)) {
                while (rows.next()) {
                    String text = rows.getString(4);
                    lines.add(String.format("  %8d %9.0f %7.3f  %s", rows.getLong(1), rows.getDouble(2), rows.getDouble(3),
                            text.length() > 110 ? text.substring(0, 110) + "…" : text));
                }
            }
        }
        double notifies = statements ? count(NOTIFY_CALLS) / seconds : Double.NaN;
        lines.add(String.format("NOTIFY transactions (pg_notify statements): %.0f/s; connections waiting on NOTIFY's lock"
                + " or queue: %.2f on average", notifies, notifyWaits));
        String fields = String.format("pg_commits_per_s=%.0f wal_flushes_per_s=%.0f notify_tx_per_s=%.0f notify_waiting=%.2f"
                + " notify_queue_max_pct=%.4f", commits, walSyncs, notifies, notifyWaits, queueUsageMax * 100);
        return new Report(lines, fields);
    }

    record Report(List<String> lines, String fields) {
    }

    private void sampleUntilStopped() {
        try (Statement statement = sampling.createStatement()) {
            while (running.get()) {
                long next = System.nanoTime() + SAMPLE_MILLIS * 1_000_000;
                Map<String, Long> sample = new HashMap<>();
                try (ResultSet rows = statement.executeQuery(ACTIVITY)) {
                    while (rows.next()) {
                        String waitType = rows.getString(3);
                        String activity = rows.getString(2) + (waitType == null ? " (running)" : " " + waitType + ":"
                                + rows.getString(4));
                        sample.merge(rows.getString(1) + "  " + activity, 1L, Long::sum);
                        queueUsageMax = Math.max(queueUsageMax, rows.getDouble(5));
                    }
                }
                sample.forEach((key, count) -> seen.merge(key, count, Long::sum));
                samples++;
                long wait = (next - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException("Sampling pg_stat_activity failed", e);
        }
    }

    private long[] counters() throws SQLException {
        try (Statement statement = control.createStatement(); ResultSet rows = statement.executeQuery(DATABASE)) {
            rows.next();
            long[] values = new long[6];
            for (int i = 0; i < values.length; i++) {
                values[i] = rows.getLong(i + 1);
            }
            return values;
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = control.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private boolean exists(String sql) throws SQLException {
        try (Statement statement = control.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next();
        }
    }

    private void query(String sql) throws SQLException {
        try (Statement statement = control.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        sampling.close();
        control.close();
    }
}
