package io.videojobs.realtime;

/** One event as read from the job's log by the fan-out: its seq and the wire message stored for it. */
record LoggedEvent(long seq, String payload) {
}
