package io.videojobs.processing.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.videojobs.processing.speech.TranscriptSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers of what the stages read from ffmpeg: SRT subtitles and scene cuts; and chapter bounds. */
class OutputParsersTest {

    @Test
    void srtBlocksBecomeTimedSegmentsWithoutMarkup() {
        List<TranscriptSegment> segments = SubtitleParser.parseSrt(
                "1\r\n00:00:01,250 --> 00:00:03,000\r\n<i>Hello</i>\r\nthere\r\n\r\n2\r\n01:02:03,004 --> 01:02:04,500\r\nBye\r\n");
        assertEquals(List.of(new TranscriptSegment(1.25, 3.0, "Hello there"),
                new TranscriptSegment(3723.004, 3724.5, "Bye")), segments);
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
}
