package io.videojobs.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.videojobs.job.MetadataType;
import java.util.function.Function;

/** The files a job's transcript and chapters can be taken away as: the metadata item each is made from, and how. */
public enum ExportFormat {
    TRANSCRIPT_VTT("transcript.vtt", "text/vtt; charset=utf-8", MetadataType.TRANSCRIPT,
            content -> CueFormats.webVtt(Cue.of(content.path("segments"), "text"))),
    TRANSCRIPT_SRT("transcript.srt", "application/x-subrip; charset=utf-8", MetadataType.TRANSCRIPT,
            content -> CueFormats.subRip(Cue.of(content.path("segments"), "text"))),
    TRANSCRIPT_TXT("transcript.txt", "text/plain; charset=utf-8", MetadataType.TRANSCRIPT,
            content -> CueFormats.plainText(Cue.of(content.path("segments"), "text"))),
    /** The stored TRANSCRIPT content as it is: source, segments, text and confidence. */
    TRANSCRIPT_JSON("transcript.json", "application/json", MetadataType.TRANSCRIPT, JsonNode::toString),
    CHAPTERS_VTT("chapters.vtt", "text/vtt; charset=utf-8", MetadataType.CHAPTERS,
            content -> CueFormats.webVtt(Cue.of(content, "title")));

    private final String fileName;
    private final String contentType;
    private final MetadataType source;
    private final Function<JsonNode, String> writer;

    ExportFormat(String fileName, String contentType, MetadataType source, Function<JsonNode, String> writer) {
        this.fileName = fileName;
        this.contentType = contentType;
        this.source = source;
        this.writer = writer;
    }

    /** The last part of the export's path, e.g. {@code transcript.vtt}. */
    public String fileName() {
        return fileName;
    }

    public String contentType() {
        return contentType;
    }

    public MetadataType source() {
        return source;
    }

    public String render(JsonNode content) {
        return writer.apply(content);
    }
}
