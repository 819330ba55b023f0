package io.videojobs.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The submission statement stays one the reactive client prepares once per connection and then reuses. */
class NewJobWriterStatementTest {

    @Test
    void theSubmissionStatementFitsTheClientsPreparedStatementCache() {
        assertTrue(NewJobWriter.INSERT.length() < NewJobWriter.MAX_CACHED_SQL_LENGTH,
                "a longer statement is prepared and planned on every execution: " + NewJobWriter.INSERT.length());
    }
}
