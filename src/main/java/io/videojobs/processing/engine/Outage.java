package io.videojobs.processing.engine;

import com.fasterxml.jackson.core.JacksonException;
import io.videojobs.storage.StorageUnavailableException;
import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * The database or the media storage cannot be reached. An outage is not the job's fault: its run waits and
 * resumes, and it uses up none of the job's attempts.
 */
final class Outage extends RuntimeException {

    private Outage(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** Whether a run stopped because the database or storage was unavailable. */
    static boolean caused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Outage || t instanceof StorageUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure of a database call, as an {@link Outage} when the database could not be reached (refused,
     * cut or closed connections, a server shutting down or starting up, no connection in time), else as it is.
     * The client reports a write to a connection the server has cut as a plain {@link IOException} ("Broken
     * pipe"), so any I/O failure counts, except a JSON one, which is about the data.
     */
    static RuntimeException ofDatabaseCall(RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (isConnectionLevel(t)) {
                return new Outage("Database unavailable: " + t, failure);
            }
        }
        return failure;
    }

    private static boolean isConnectionLevel(Throwable t) {
        if (t instanceof DatabaseException db) {
            String state = db.getSqlState() == null ? "" : db.getSqlState();
            return state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
        }
        return t instanceof IOException && !(t instanceof JacksonException)
                || t instanceof ClosedConnectionException || t instanceof TimeoutException
                || t instanceof VertxException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("closed");
    }
}
