package io.videojobs.processing.speech;

/** Whether TRANSCRIPTION can recognise speech on this machine, for the start-up log and the readiness data. */
public interface SpeechRecognitionAvailability {

    /** Whether speech can be recognised. */
    boolean available();

    /** One sentence: what works, or what is missing and what to install. */
    String description();
}
