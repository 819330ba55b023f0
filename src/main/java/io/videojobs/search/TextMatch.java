package io.videojobs.search;

/**
 * The SQL by which a text query finds jobs in {@code job_search_documents} (migration V10), in one place so that a
 * search and the list's {@code q} filter mean the same jobs. The GIN index on {@code job_search_keys(owner_id,
 * document)} finds the documents that hold every word (an owner's own keys, or everyone's for an admin); a query with
 * a phrase then reads only the documents whose adjacent-pair buckets hold the phrase's, to check the phrase itself.
 */
final class TextMatch {

    private TextMatch() {
    }

    /**
     * A one-row derived table of the query, with columns {@code terms} (the tsquery), {@code keys} (its query on the
     * index), {@code pairs} (its phrases' buckets) and {@code exact} (no phrase: the index's answer is the match).
     * OFFSET 0 keeps it computed once: inlined, a generic plan would parse the query again for every row.
     *
     * @param terms SQL of the tsquery, evaluated once
     * @param owner SQL of the owner whose keys to read, or null for everyone's
     */
    static String query(String terms, String owner) {
        return "SELECT t.terms, job_search_key_query(" + (owner == null ? "NULL" : owner) + ", t.terms) AS keys,"
                + " job_search_query_pairs(t.terms) AS pairs, t.terms::text !~ '<' AS exact"
                + " FROM (SELECT " + terms + " AS terms) t OFFSET 0";
    }

    /**
     * The condition that the document {@code d} matches the query {@code q} (a {@link #query} under that alias), of
     * this owner (SQL, or null for everyone).
     */
    static String condition(String owner) {
        return "job_search_keys(d.owner_id, d.document) @@ q.keys" + (owner == null ? "" : " AND d.owner_id = " + owner)
                + " AND (q.exact OR (d.pairs @> q.pairs AND d.document @@ q.terms))";
    }
}
