package io.videojobs.processing.media;

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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The parsers of what ffprobe and ffmpeg write: keyframe packets and JPEG sizes. */
class OutputParsersTest {

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
