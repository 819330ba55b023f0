package io.videojobs.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CueFormatsTest {

    private static final List<Cue> CUES = List.of(
            new Cue(0.5, 2.0, "Subtitles come first"),
            new Cue(3661.2345, 3663.9996, "a --> b <i>c</i> & d"),
            new Cue(4000, 4001, "  \n "));

    @Test
    void webVttHasAHeaderAndOneNumberedCuePerSegmentWithMillisecondTimes() {
        assertEquals("""
                WEBVTT

                1
                00:00:00.500 --> 00:00:02.000
                Subtitles come first

                2
                01:01:01.235 --> 01:01:04.000
                a --&gt; b &lt;i&gt;c&lt;/i&gt; &amp; d
                """, CueFormats.webVtt(CUES));
    }

    @Test
    void subRipNumbersItsCuesAndUsesACommaBeforeTheMilliseconds() {
        assertEquals("""
                1
                00:00:00,500 --> 00:00:02,000
                Subtitles come first

                2
                01:01:01,235 --> 01:01:04,000
                a --&gt; b &lt;i&gt;c&lt;/i&gt; &amp; d
                """, CueFormats.subRip(CUES));
    }

    @Test
    void plainTextIsOneUnescapedLinePerSegment() {
        assertEquals("Subtitles come first\na --> b <i>c</i> & d\n", CueFormats.plainText(CUES));
    }

    @Test
    void aBlankLineInsideACueTextCannotEndTheCue() {
        assertEquals("first\nsecond", CueText.escape("first\n\n  \r\nsecond  "));
    }

    @Test
    void aCueThatEndsBeforeItStartsEndsWhereItStarts() {
        assertEquals("WEBVTT\n\n1\n00:00:05.000 --> 00:00:05.000\nx\n", CueFormats.webVtt(List.of(new Cue(5, 4, "x"))));
    }

    @Test
    void timesRoundToTheMillisecondAndNeverGoNegative() {
        assertEquals("00:00:59.999", TimeCodes.vtt(59.9994));
        assertEquals("00:01:00.000", TimeCodes.vtt(59.9996));
        assertEquals("00:00:00,000", TimeCodes.srt(-1));
        assertEquals("27:46:40.000", TimeCodes.vtt(100_000));
    }
}
