package io.videojobs.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class JobExportsEtagTest {

    private static final OffsetDateTime STORED = OffsetDateTime.parse("2026-12-07T10:00:00Z");
    private static final String CONTENT = "{\"segments\":[]}";

    @Test
    void theSameItemStoredAtTheSameTimeKeepsItsTag() {
        String tag = JobExports.etag(ExportFormat.TRANSCRIPT_VTT, CONTENT, STORED);
        assertEquals(tag, JobExports.etag(ExportFormat.TRANSCRIPT_VTT, CONTENT, STORED));
        assertTrue(tag.matches("\"[0-9a-f]{32}\""), tag);
    }

    @Test
    void aRunThatStoresTheItemAgainGivesANewTagEvenForTheSameContent() {
        assertNotEquals(JobExports.etag(ExportFormat.TRANSCRIPT_VTT, CONTENT, STORED),
                JobExports.etag(ExportFormat.TRANSCRIPT_VTT, CONTENT, STORED.plusNanos(1000)));
    }

    @Test
    void eachFormatAndEachContentHasItsOwnTag() {
        assertNotEquals(JobExports.etag(ExportFormat.TRANSCRIPT_VTT, CONTENT, STORED),
                JobExports.etag(ExportFormat.TRANSCRIPT_SRT, CONTENT, STORED));
        assertNotEquals(JobExports.etag(ExportFormat.TRANSCRIPT_VTT, CONTENT, STORED),
                JobExports.etag(ExportFormat.TRANSCRIPT_VTT, "{\"segments\":[{}]}", STORED));
    }
}
