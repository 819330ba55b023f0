package io.videojobs.search;

import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.security.Caller;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL {@code WHERE} conditions on {@code jobs j} for a caller and a {@link JobFilter}, with their parameters in
 * order: the one place where a filter becomes SQL, shared by the list, the count and a bulk action's selection, so
 * that "all N matching" means the same jobs everywhere. Every value is a bind parameter.
 */
public final class JobConditions {

    private final List<String> conditions = new ArrayList<>();
    private final Tuple params = Tuple.tuple();

    public JobConditions(Caller caller, JobFilter filter) {
        String owner = caller.admin() ? null : bind(caller.userId());
        if (owner != null) {
            conditions.add("j.owner_id = " + owner);
        }
        if (!filter.statuses().isEmpty()) {
            conditions.add("j.status = ANY(" + bind(filter.statuses().stream().map(Enum::name).toArray(String[]::new))
                    + "::varchar[])");
        }
        if (filter.tag() != null) {
            conditions.add("j.id IN (SELECT d.job_id FROM job_search_documents d WHERE "
                    + (owner == null ? "" : "d.owner_id = " + owner + " AND ") + "d.tags <> '{}' AND d.tags @> ARRAY["
                    + bind(filter.tag()) + "]::text[])");
        }
        if (filter.createdFrom() != null) {
            conditions.add("j.created_at >= " + bind(filter.createdFrom().atOffset(ZoneOffset.UTC)));
        }
        if (filter.createdTo() != null) {
            conditions.add("j.created_at < " + bind(filter.createdTo().atOffset(ZoneOffset.UTC)));
        }
        if (filter.text() != null) {
            String query = TextMatch.query("to_tsquery('english', " + bind(filter.text().tsquery()) + ")", owner);
            conditions.add("j.id IN (SELECT d.job_id FROM (" + query + ") q, job_search_documents d WHERE "
                    + TextMatch.condition(owner) + ")");
        }
    }

    /** Adds a condition with its own parameters, written as {@code ?} in order. */
    public JobConditions and(String condition, Object... values) {
        StringBuilder sql = new StringBuilder();
        int value = 0;
        for (char c : condition.toCharArray()) {
            sql.append(c == '?' ? bind(values[value++]) : String.valueOf(c));
        }
        conditions.add(sql.toString());
        return this;
    }

    /** The next placeholder for {@code value}. */
    public String bind(Object value) {
        params.addValue(value);
        return "$" + params.size();
    }

    public String where() {
        return conditions.isEmpty() ? "true" : String.join(" AND ", conditions);
    }

    public Tuple params() {
        return params;
    }
}
