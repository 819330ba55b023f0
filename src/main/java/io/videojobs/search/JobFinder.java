package io.videojobs.search;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.videojobs.job.Job;
import io.videojobs.job.JobPage;
import io.videojobs.job.JobRows;
import io.videojobs.job.JobThumbnail;
import io.videojobs.job.ListedJob;
import io.videojobs.job.PageCursor;
import io.videojobs.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lists and counts the caller's jobs (every job for an admin) that match a {@link JobFilter}, newest first with a
 * keyset cursor, in one statement per page that also reads each row's title, tags, duration and first thumbnail.
 */
@ApplicationScoped
public class JobFinder {

    /** The columns {@link #listed} maps, from {@code jobs j} joined with {@link #FIRST_THUMBNAIL}. */
    static final String LISTED_COLUMNS = """
            j.id, j.owner_id, j.status, j.progress_percent, j.error_message, j.source_url, j.options_json,
            j.created_at, j.updated_at, j.started_at, j.finished_at, j.last_seq, j.lease_owner, j.source_name,
            j.media_key, j.title, j.tags, (j.media_info_json::jsonb ->> 'duration_seconds')::float8 AS duration,
            t.id AS thumbnail_id, t.position AS thumbnail_position, t.width AS thumbnail_width,
            t.height AS thumbnail_height, t.timestamp_seconds AS thumbnail_at, t.storage_key AS thumbnail_key""";
    static final String FIRST_THUMBNAIL = """
            LEFT JOIN LATERAL (SELECT * FROM job_thumbnails f WHERE f.job_id = j.id ORDER BY f.position LIMIT 1) t
                   ON true""";
    /**
     * The page's jobs are chosen first and only then joined with their thumbnail and read for their columns: a filter
     * that many jobs match (a common word) must not parse every match's media info only to keep twenty.
     */
    private static final String PAGE = """
            SELECT %s
              FROM (SELECT j.* FROM jobs j
                     WHERE %%s
                     ORDER BY j.created_at DESC, j.id DESC
                     LIMIT %%s) j
              %s
             ORDER BY j.created_at DESC, j.id DESC""".formatted(LISTED_COLUMNS, FIRST_THUMBNAIL);

    private final Pool pool;

    public JobFinder(Pool pool) {
        this.pool = pool;
    }

    /** A page of at most {@code limit} jobs after {@code cursor} (null for the first page). */
    public Uni<JobPage> list(Caller caller, JobFilter filter, String cursor, int limit) {
        JobConditions where = new JobConditions(caller, filter);
        if (cursor != null) {
            PageCursor after = PageCursor.decode(cursor);
            where.and("(j.created_at < ? OR (j.created_at = ? AND j.id < ?))",
                    after.createdAt().atOffset(ZoneOffset.UTC), after.createdAt().atOffset(ZoneOffset.UTC), after.id());
        }
        return pool.preparedQuery(pageSql(where, limit + 1)).execute(where.params()).map(rows -> {
            List<ListedJob> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(listed(row));
            }
            if (items.size() <= limit) {
                return new JobPage(items, null);
            }
            List<ListedJob> page = List.copyOf(items.subList(0, limit));
            return new JobPage(page, PageCursor.after(page.get(limit - 1).job()).encode());
        });
    }

    /** The statement of a page of at most {@code rows} jobs under these conditions (which take the limit's parameter). */
    static String pageSql(JobConditions where, int rows) {
        return PAGE.formatted(where.where(), where.bind(rows));
    }

    /** How many jobs the filter matches for this caller. */
    public Uni<Long> count(Caller caller, JobFilter filter) {
        JobConditions where = new JobConditions(caller, filter);
        return pool.preparedQuery("SELECT count(*) FROM jobs j WHERE " + where.where()).execute(where.params())
                .map(rows -> rows.iterator().next().getLong(0));
    }

    static ListedJob listed(Row row) {
        Job job = JobRows.job(row);
        String[] tags = row.getArrayOfStrings("tags");
        JobThumbnail thumbnail = null;
        if (row.getUUID("thumbnail_id") != null) {
            thumbnail = new JobThumbnail();
            thumbnail.id = row.getUUID("thumbnail_id");
            thumbnail.jobId = job.id;
            thumbnail.position = row.getInteger("thumbnail_position");
            thumbnail.width = row.getInteger("thumbnail_width");
            thumbnail.height = row.getInteger("thumbnail_height");
            thumbnail.timestampSeconds = row.getDouble("thumbnail_at");
            thumbnail.storageKey = row.getString("thumbnail_key");
        }
        return new ListedJob(job, row.getString("title"), tags == null ? List.of() : Arrays.asList(tags),
                row.getDouble("duration"), thumbnail);
    }
}
