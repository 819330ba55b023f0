package io.videojobs.config;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Builds the reactive pool from Quarkus's own options with one change: the length limit of the prepared-statement
 * cache ({@link DatabaseConfig#cachedStatementMaxLength()}), so that the service's longest statements are prepared
 * once per connection like the others.
 */
@Singleton
public class StatementCachingPoolCreator implements PgPoolCreator {

    private final DatabaseConfig config;

    public StatementCachingPoolCreator(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        List<PgConnectOptions> databases = input.pgConnectOptionsList();
        databases.forEach(options -> options.setPreparedStatementCacheSqlLimit(config.cachedStatementMaxLength()));
        AtomicInteger next = new AtomicInteger();
        Supplier<Future<SqlConnectOptions>> inTurn = () ->
                Future.succeededFuture(databases.get(Math.floorMod(next.getAndIncrement(), databases.size())));
        return PgBuilder.pool().with(input.poolOptions()).connectingTo(inTurn).using(input.vertx()).build();
    }
}
