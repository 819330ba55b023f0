package io.videojobs.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The parsers of what ffmpeg prints: SRT subtitles, asr utterances, scene cuts, JPEG sizes; and chapter bounds. */
class OutputParsersTest {

    @Test
    void srtBlocksBecomeTimedSegmentsWithoutMarkup() {
        List<TranscriptSegment> segments = SubtitleParser.parseSrt(
                "1\r\n00:00:01,250 --> 00:00:03,000\r\n<i>Hello</i>\r\nthere\r\n\r\n2\r\n01:02:03,004 --> 01:02:04,500\r\nBye\r\n");
        assertEquals(List.of(new TranscriptSegment(1.25, 3.0, "Hello there"),
                new TranscriptSegment(3723.004, 3724.5, "Bye")), segments);
    }

    @Test
    void eachAsrUtteranceRunsFromTheEndOfThePreviousOneAndLongTextStaysWhole() {
        String longText = "this utterance is longer than the hundred and twenty seven bytes that ametadata's file "
                + "output keeps of a line so it must arrive whole through ffprobe";
        String printed = "pts_time=0.020000\n"
                + "pts_time=2.500000|tag:lavfi.asr.text=hello world\n"
                + "pts_time=6.250000|tag:lavfi.asr.text=\n"
                + "pts_time=9.900000|tag:lavfi.asr.text=" + longText + "\n";
        assertEquals(List.of(new TranscriptSegment(0, 2.5, "hello world"),
                new TranscriptSegment(6.25, 9.0, longText)), PocketsphinxRecognizer.parse(printed, 9.0));
    }

    @Test
    void theKeyframeIntervalIsTheMedianGapBetweenKeyframePackets() {
        JsonNode packets = json("""
                [{"stream_index": 0, "pts_time": "0.000000", "flags": "K__"},
                 {"stream_index": 1, "pts_time": "0.010000", "flags": "K__"},
                 {"stream_index": 0, "pts_time": "0.033333", "flags": "___"},
                 {"stream_index": 0, "pts_time": "2.000000", "flags": "K__"},
                 {"stream_index": 0, "pts_time": "4.000000", "flags": "K__"},
                 {"stream_index": 0, "pts_time": "N/A", "flags": "K__"},
                 {"stream_index": 0, "pts_time": "5.100000", "flags": "K__"}]""");
        assertEquals(2.0, MediaProbe.keyframeInterval(packets, 0));
        assertEquals(null, MediaProbe.keyframeInterval(packets, 2));
    }

    @Test
    void anAsrFilterIsFoundInFfmpegsFilterList() {
        assertEquals(true, SpeechRecognitionSupport.hasAsrFilter(" ... aresample         A->A       Resample audio data.\n"
                + " ... asr               A->A       Automatic Speech Recognition.\n"));
        assertEquals(false, SpeechRecognitionSupport.hasAsrFilter(" ... aresample         A->A       Resample audio data.\n"
                + " ... asetrate          A->A       Change the sample rate without altering the data.\n"));
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
    void keywordsAreTheMostFrequentNonStopWords() {
        assertEquals(List.of("fox", "quick", "brown"),
                KeywordExtractor.keywords("The quick brown fox. The fox is quick and the fox is brown!", 3));
    }

    @Test
    void aThumbnailsSizeIsReadFromItsFrameHeaderPastTheOtherSegments() throws IOException {
        assertArrayEquals(new int[] {321, 179}, JpegSize.of(new ByteArrayInputStream(jpeg(321, 179))));
    }

    @Test
    void aFileThatIsNotAJpegOrEndsBeforeItsFrameHeaderIsRefused() {
        byte[] jpeg = jpeg(64, 48);
        assertThrows(IOException.class, () -> JpegSize.of(new ByteArrayInputStream("GIF89a".getBytes())));
        assertThrows(IOException.class, () -> JpegSize.of(new ByteArrayInputStream(Arrays.copyOf(jpeg, 30))));
    }

    /** A JPEG as javax.imageio writes it: JFIF and quantisation segments come before the frame header. */
    private static byte[] jpeg(int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
