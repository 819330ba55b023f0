package io.videojobs.processing.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.videojobs.processing.run.MediaInfo;
import io.videojobs.processing.speech.TranscriptSegment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The offline wording of titles, descriptions, tags and chapter titles, and the keywords behind the tags. */
class OfflineMetadataTest {

    private static final MediaInfo EIGHT_SECONDS = new MediaInfo(8.2, "mov,mp4", 1280, 720, "h264", "aac", null,
            Map.of(), 30.0, null);

    @Test
    void theContainerTitleWinsThenTheCleanedFileName() {
        MediaInfo tagged = new MediaInfo(8, "mov", 320, 240, "h264", null, null, Map.of("title", "Tagged"), 25.0, null);
        assertEquals("Tagged", OfflineMetadata.title(tagged, "my_trip-2024_final.mp4", ""));
        assertEquals("My trip 2024 final", OfflineMetadata.title(EIGHT_SECONDS, "my_trip-2024_final.mp4", ""));
        assertEquals("My holiday clip final", OfflineMetadata.titleFromFileName("my_holiday-clip.final.mp4"));
    }

    @Test
    void aGenericFileNameIsNotATitle() {
        assertNull(OfflineMetadata.titleFromFileName("clip.mp4"));
        assertNull(OfflineMetadata.titleFromFileName("source"));
        assertNull(OfflineMetadata.titleFromFileName("3f2a9c0e1b7d4a6f8e9d.mp4"));
        assertEquals("We talk about thumbnails transcripts and chapters",
                OfflineMetadata.title(EIGHT_SECONDS, "clip.mp4", "we talk about thumbnails transcripts and chapters and how fast"));
        assertEquals("Untitled 8-second video", OfflineMetadata.title(EIGHT_SECONDS, "clip.mp4", ""));
    }

    @Test
    void theDescriptionUsesTheRightArticleAndQuotesOnlyAGivenTranscript() {
        assertEquals("An 8-second 1280x720 video with sound.", OfflineMetadata.description(EIGHT_SECONDS, ""));
        assertEquals("An 8-second 1280x720 video with sound. Transcript: \"hello there\"",
                OfflineMetadata.description(EIGHT_SECONDS, "hello there"));
        MediaInfo audio = new MediaInfo(11, "ogg", null, null, null, "opus", null, Map.of(), null, null);
        assertEquals("An 11-second audio recording.", OfflineMetadata.description(audio, ""));
        assertEquals("a", OfflineMetadata.article("1-second"));
        assertEquals("an", OfflineMetadata.article("18-second"));
        assertEquals("an", OfflineMetadata.article("80-minute"));
        assertEquals("a", OfflineMetadata.article("180-second"));
        assertEquals("3-minute", OfflineMetadata.length(185));
    }

    @Test
    void tagsAreTitleWordsAndRepeatedWordsWithoutStopWords() {
        List<String> tags = OfflineMetadata.tags("My trip 2024 final",
                "the lot on a legal proceeding we talk about thumbnails and thumbnails and chapters and chapters");
        assertEquals(List.of("trip", "final", "thumbnails", "chapters"), tags);
    }

    @Test
    void chaptersAreTitledWithTheWordsSpokenInsideThem() {
        List<double[]> bounds = List.of(new double[]{0, 3}, new double[]{3, 6}, new double[]{6, 9});
        List<TranscriptSegment> segments = List.of(
                new TranscriptSegment(0.5, 2.5, "welcome to the harbour tour"),
                new TranscriptSegment(3.2, 5.5, "boats boats and more sailing boats"));
        List<String> titles = OfflineMetadata.chapterTitles(bounds, segments);
        assertEquals("Welcome harbour tour", titles.get(0));
        assertEquals("Boats sailing", titles.get(1));
        assertEquals("Chapter 3", titles.get(2));
        assertFalse(titles.contains(""));
    }

    @Test
    void keywordsAreTheMostFrequentNonStopWords() {
        assertEquals(List.of("fox", "quick", "brown"),
                KeywordExtractor.keywords("The quick brown fox. The fox is quick and the fox is brown!", 3));
    }
}
