package io.videojobs.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers of what ffmpeg prints: SRT subtitles, asr utterances, scene cuts; and chapter bounds. */
class OutputParsersTest {

    @Test
    void srtBlocksBecomeTimedSegmentsWithoutMarkup() {
        List<TranscriptSegment> segments = SubtitleParser.parseSrt(
                "1\r\n00:00:01,250 --> 00:00:03,000\r\n<i>Hello</i>\r\nthere\r\n\r\n2\r\n01:02:03,004 --> 01:02:04,500\r\nBye\r\n");
        assertEquals(List.of(new TranscriptSegment(1.25, 3.0, "Hello there"),
                new TranscriptSegment(3723.004, 3724.5, "Bye")), segments);
    }

    @Test
    void eachAsrUtteranceRunsFromTheEndOfThePreviousOne() {
        String printed = """
                frame:40   pts:40000   pts_time:2.5
                lavfi.asr.text=hello world
                frame:90   pts:90000   pts_time:6.25
                lavfi.asr.text=
                frame:141  pts:106981  pts_time:9.9
                lavfi.asr.text=the quick brown fox
                """;
        assertEquals(List.of(new TranscriptSegment(0, 2.5, "hello world"),
                new TranscriptSegment(6.25, 9.0, "the quick brown fox")), TranscriptionStage.parseAsr(printed, 9.0));
    }

    @Test
    void sceneCutsSplitTheVideoAndCloseCutsAreMerged() {
        List<Double> cuts = ChaptersStage.parseCuts("frame:0 pts:38400 pts_time:3\nlavfi.scene_score=1.0\n"
                + "frame:1 pts:39000 pts_time:3.4\nlavfi.scene_score=0.5\nframe:2 pts:76800 pts_time:6.0\n");
        assertEquals(List.of(3.0, 3.4, 6.0), cuts);
        List<double[]> chapters = ChaptersStage.chapters(cuts, 9.0, 1.0);
        assertEquals(3, chapters.size());
        assertEquals(List.of(0.0, 3.0, 3.0, 6.0, 6.0, 9.0),
                chapters.stream().flatMap(c -> java.util.stream.DoubleStream.of(c).boxed()).toList());
    }

    @Test
    void withoutCutsTheWholeVideoIsOneChapter() {
        List<double[]> chapters = ChaptersStage.chapters(List.of(), 12.5, 1.0);
        assertEquals(1, chapters.size());
        assertEquals(12.5, chapters.get(0)[1]);
    }

    @Test
    void tagsAreTheMostFrequentNonStopWords() {
        assertEquals(List.of("fox", "quick", "brown"),
                KeywordExtractor.keywords("The quick brown fox. The fox is quick and the fox is brown!", 3));
    }

    @Test
    void fileNamesBecomeTitles() {
        assertEquals("My holiday clip final", MetadataGenerationStage.titleFromFileName("my_holiday-clip.final.mp4"));
        assertEquals(null, MetadataGenerationStage.titleFromFileName("source"));
    }
}
