package io.videojobs.support;

import io.vertx.core.Vertx;

/**
 * The one Vert.x instance of the test JVM, for the tests' own client sockets and timers. It is never closed:
 * its threads end with the JVM, and tests close the clients they create on it.
 */
public final class TestVertx {

    private static final Vertx VERTX = Vertx.vertx();

    private TestVertx() {
    }

    public static Vertx get() {
        return VERTX;
    }
}
