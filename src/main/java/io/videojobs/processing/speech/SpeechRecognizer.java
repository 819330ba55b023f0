package io.videojobs.processing.speech;

import io.videojobs.processing.run.ProcessFailedException;
import io.videojobs.processing.run.StageContext;
import io.videojobs.processing.run.StageFailure;
import java.io.IOException;

/** Turns a source's first audio track into a timed transcript; TRANSCRIPTION picks one by configuration. */
public interface SpeechRecognizer {

    Transcript transcribe(StageContext context) throws IOException, ProcessFailedException, StageFailure;
}
