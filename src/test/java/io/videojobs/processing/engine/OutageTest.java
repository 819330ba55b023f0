package io.videojobs.processing.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OutageTest {

    @Test
    void aWriteToAConnectionTheServerCutIsAnOutage() {
        RuntimeException failure = new CompletionException(new IOException("Broken pipe"));
        assertTrue(Outage.caused(Outage.ofDatabaseCall(failure)));
    }

    @Test
    void aRefusedConnectionIsAnOutage() {
        RuntimeException failure = new CompletionException(new ConnectException("Connection refused"));
        assertTrue(Outage.caused(Outage.ofDatabaseCall(failure)));
    }

    @Test
    void aServerShuttingDownIsAnOutage() {
        RuntimeException failure = new PgException("terminating connection due to administrator command", "FATAL",
                "57P01", null);
        assertTrue(Outage.caused(Outage.ofDatabaseCall(failure)));
    }

    @Test
    void storedJsonThatDoesNotParseIsNotAnOutage() {
        RuntimeException failure = new IllegalStateException("Stored JSON is not valid",
                new JsonParseException(null, "Unexpected character"));
        assertFalse(Outage.caused(Outage.ofDatabaseCall(failure)));
    }

    @Test
    void aConstraintViolationIsNotAnOutage() {
        RuntimeException failure = new PgException("duplicate key value violates unique constraint", "ERROR",
                "23505", null);
        assertFalse(Outage.caused(Outage.ofDatabaseCall(failure)));
    }
}
