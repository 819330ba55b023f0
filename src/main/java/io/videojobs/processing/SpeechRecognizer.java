package io.videojobs.processing;

import java.io.IOException;

/** Turns a source's first audio track into a timed transcript; TRANSCRIPTION picks one by configuration. */
interface SpeechRecognizer {

    Transcript transcribe(StageContext context) throws IOException, ProcessFailedException, StageFailure;
}
