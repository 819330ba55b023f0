package io.videojobs.realtime;

import io.videojobs.config.RealtimeConfig;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live-update side's own PostgreSQL connections, separate from the request pool: log reads for
 * fan-out never queue behind REST writes, and the LISTEN connection uses the same settings.
 */
@ApplicationScoped
public class RealtimeDatabase {

    private final PgConnectOptions connectOptions;
    private final Pool pool;

    public RealtimeDatabase(Vertx vertx, RealtimeConfig config,
                            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        options.addProperty("application_name", "video-jobs-realtime");
        options.setCachePreparedStatements(true);
        this.connectOptions = options;
        this.pool = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(config.readPoolSize()).setName("video-jobs-realtime"))
                .connectingTo(options).using(vertx).build());
    }

    /** Connection settings of the configured datasource, for dedicated connections such as LISTEN. */
    public PgConnectOptions connectOptions() {
        return new PgConnectOptions(connectOptions);
    }

    /** The small pool for log reads, snapshots, NOTIFY and statistics. */
    public Pool pool() {
        return pool;
    }

    @PreDestroy
    void close() {
        pool.closeAndAwait();
    }
}
