package io.videojobs.processing.speech;

/** One timed piece of a transcript. */
public record TranscriptSegment(double startSeconds, double endSeconds, String text) {
}
