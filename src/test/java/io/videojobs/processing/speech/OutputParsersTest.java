package io.videojobs.processing.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers of what ffmpeg prints for speech recognition: asr utterances and its filter list. */
class OutputParsersTest {

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
    void anAsrFilterIsFoundInFfmpegsFilterList() {
        assertEquals(true, SpeechRecognitionSupport.hasAsrFilter(" ... aresample         A->A       Resample audio data.\n"
                + " ... asr               A->A       Automatic Speech Recognition.\n"));
        assertEquals(false, SpeechRecognitionSupport.hasAsrFilter(" ... aresample         A->A       Resample audio data.\n"
                + " ... asetrate          A->A       Change the sample rate without altering the data.\n"));
    }
}
