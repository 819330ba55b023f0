package io.videojobs.processing.run;

/** An ffmpeg or ffprobe run that exited with an error; carries the end of what it wrote to stderr. */
public class ProcessFailedException extends Exception {

    private final int exitCode;
    private final String stderr;

    public ProcessFailedException(String tool, int exitCode, String stderr) {
        super(tool + " exited with " + exitCode + (stderr.isEmpty() ? "" : ": " + stderr), null, false, false);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }
}
