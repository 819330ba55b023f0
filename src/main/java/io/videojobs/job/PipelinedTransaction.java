package io.videojobs.job;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A transaction on one locked row in two round trips instead of four: BEGIN goes out with the statement that locks
 * ({@code lock}), and COMMIT with the one that writes back ({@code write}). PostgreSQL runs pipelined statements in
 * order, and a COMMIT after a failed statement rolls back. In between, {@code change} decides on the locked state,
 * and may run statements of its own on the connection; when it fails, the transaction rolls back. For the writes that
 * happen many times a second (the engine's run bookkeeping, owners' metadata edits), where a Hibernate session's
 * round trips and flush cost several times the CPU.
 */
public final class PipelinedTransaction {

    private PipelinedTransaction() {
    }

    public static <S, T> Uni<T> run(Pool pool, Function<SqlConnection, Uni<S>> lock,
                                    BiFunction<SqlConnection, S, Uni<T>> change,
                                    BiFunction<SqlConnection, S, Uni<Void>> write) {
        return pool.withConnection(connection -> Uni.combine().all()
                .unis(connection.query("BEGIN").execute(), lock.apply(connection)).collectFailures()
                .with((begun, state) -> state)
                .onFailure(CompositeException.class).transform(PipelinedTransaction::first)
                .onFailure().call(() -> rollback(connection))
                .chain(state -> Uni.createFrom().deferred(() -> change.apply(connection, state))
                        .onFailure().call(() -> rollback(connection))
                        .chain(result -> Uni.combine().all()
                                .unis(write.apply(connection, state), connection.query("COMMIT").execute())
                                .collectFailures().discardItems()
                                .onFailure(CompositeException.class).transform(PipelinedTransaction::first)
                                .replaceWith(result))));
    }

    /**
     * Both pipelined statements failed (a lost connection fails every statement in flight): the first failure is
     * the transaction's, as it would be without pipelining, so that callers can tell an outage from it.
     */
    private static Throwable first(Throwable failure) {
        return ((CompositeException) failure).getCauses().get(0);
    }

    /** Ends a transaction that failed before its COMMIT; the failure that got here is what the caller sees. */
    private static Uni<Void> rollback(SqlConnection connection) {
        return connection.query("ROLLBACK").execute().replaceWithVoid().onFailure().recoverWithNull();
    }
}
