package io.videojobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The service's long statements (search is over 2,048 characters) are prepared once per connection, then reused. */
@QuarkusTest
class StatementCachingPoolCreatorTest {

    /** Longer than Vert.x's default limit for the prepared-statement cache. */
    private static final String LONG_STATEMENT = "SELECT $1::int + 1 AS n /* " + "x".repeat(3000) + " */";

    @Inject
    Pool pool;

    @Test
    void aStatementLongerThanTheClientsDefaultLimitIsPreparedOnceAndExecutedAgain() {
        Row prepared = pool.withConnection(connection -> connection.preparedQuery(LONG_STATEMENT).execute(Tuple.of(1))
                .chain(() -> connection.preparedQuery(LONG_STATEMENT).execute(Tuple.of(2)))
                .chain(() -> connection.query("""
                        SELECT count(*) AS statements, coalesce(sum(generic_plans + custom_plans), 0) AS executions
                          FROM pg_prepared_statements WHERE statement = '%s'""".formatted(LONG_STATEMENT)).execute())
                .map(rows -> rows.iterator().next())).await().indefinitely();
        assertEquals(1L, prepared.getLong("statements"), "one prepared statement on the server");
        assertEquals(2L, prepared.getLong("executions"), "executed twice");
    }
}
