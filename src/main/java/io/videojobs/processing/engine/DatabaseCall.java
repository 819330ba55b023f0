package io.videojobs.processing.engine;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** How a run, on its engine worker thread, calls the database: blocking, with an unreachable database as an outage. */
final class DatabaseCall {

    private DatabaseCall() {
    }

    /**
     * Runs a database call from this worker thread on a Vert.x context and waits for it; a database that
     * cannot be reached surfaces as an {@link Outage}.
     */
    static <T> T await(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (RuntimeException e) {
            throw Outage.ofDatabaseCall(e);
        } catch (Throwable e) {
            throw Outage.ofDatabaseCall(new IllegalStateException(e));
        }
    }
}
