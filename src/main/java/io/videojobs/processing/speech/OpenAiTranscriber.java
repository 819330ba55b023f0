package io.videojobs.processing.speech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videojobs.config.TranscriptionConfig;
import io.videojobs.processing.media.FfmpegRunner;
import io.videojobs.processing.openai.OpenAiHttp;
import io.videojobs.processing.run.ProcessFailedException;
import io.videojobs.processing.run.StageContext;
import io.videojobs.processing.run.StageFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Speech recognition by an OpenAI-compatible API ({@code POST {base-url}/v1/audio/transcriptions},
 * {@code response_format=verbose_json}). One ffmpeg pass decodes the audio once into 16 kHz mono WAV chunks
 * under the upload limit; each chunk is sent in turn and its segment times are shifted by the chunk's start.
 */
@ApplicationScoped
public class OpenAiTranscriber implements SpeechRecognizer {

    static final String ERROR_CODE = "TRANSCRIPTION_FAILED";
    /** 16 kHz × 16-bit mono PCM. */
    static final int WAV_BYTES_PER_SECOND = 32_000;
    /** Room for the WAV header and the last packet that crosses the cut. */
    private static final int WAV_SLACK_BYTES = 8 * 1024;
    /** Share of the stage's progress the audio extraction takes; the uploads take the rest. */
    private static final int EXTRACTION_PERCENT = 10;

    private final FfmpegRunner ffmpeg;
    private final OpenAiHttp http;
    private final TranscriptionConfig.OpenAiTranscription config;
    private final ObjectMapper mapper;

    OpenAiTranscriber(FfmpegRunner ffmpeg, OpenAiHttp http, TranscriptionConfig config, ObjectMapper mapper) {
        this.ffmpeg = ffmpeg;
        this.http = http;
        this.config = config.openai();
        this.mapper = mapper;
    }

    @Override
    public Transcript transcribe(StageContext context) throws IOException, ProcessFailedException, StageFailure {
        double duration = context.info().durationSeconds();
        List<Chunk> chunks = extract(context);
        List<TranscriptSegment> segments = new ArrayList<>();
        double confidenceSum = 0;
        double confidenceWeight = 0;
        for (Chunk chunk : chunks) {
            String answer = http.post(config, "/v1/audio/transcriptions", "multipart/form-data; boundary=" + chunk.boundary,
                    () -> chunk.body(config.model()), context.handle(), ERROR_CODE);
            JsonNode root = read(answer);
            for (JsonNode segment : segments(root, chunk)) {
                double start = chunk.start + segment.path("start").asDouble(0);
                double end = chunk.start + segment.path("end").asDouble(segment.path("start").asDouble(0));
                String text = segment.path("text").asText("").strip();
                if (!text.isEmpty()) {
                    segments.add(new TranscriptSegment(round(start), round(Math.max(start, end)), text));
                    double weight = Math.max(0.001, end - start);
                    confidenceSum += weight * confidence(segment);
                    confidenceWeight += weight;
                }
            }
            if (duration > 0) {
                context.sink().progress((int) Math.min(99, EXTRACTION_PERCENT
                        + chunk.end * (100 - EXTRACTION_PERCENT) / duration));
            }
        }
        return new Transcript(Transcript.SPEECH_RECOGNITION, segments,
                confidenceWeight > 0 ? confidenceSum / confidenceWeight : 0);
    }

    /** Decodes the first audio track once into WAV chunks no larger than the upload limit, with their times. */
    private List<Chunk> extract(StageContext context) throws IOException, ProcessFailedException, StageFailure {
        long seconds = chunkSeconds(config.maxUploadSize().asLongValue());
        if (seconds < 1) {
            throw StageFailure.recoverable(ERROR_CODE, "video-jobs.transcription.openai.max-upload-size is too small "
                    + "for one second of 16 kHz audio");
        }
        Path dir = Files.createDirectories(context.workDir().resolve("audio-chunks"));
        Path list = dir.resolve("chunks.csv");
        double duration = context.info().durationSeconds();
        ffmpeg.ffmpeg(List.of("-i", context.media().toString(), "-map", "0:a:0", "-vn", "-sn", "-dn",
                        "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "segment",
                        "-segment_time", Long.toString(seconds), "-segment_format", "wav", "-reset_timestamps", "1",
                        "-segment_list", list.toString(), "-segment_list_type", "csv",
                        dir.resolve("chunk-%04d.wav").toString()),
                context.workDir(), context.handle(), done -> {
                    if (duration > 0) {
                        context.sink().progress((int) Math.min(EXTRACTION_PERCENT, done * EXTRACTION_PERCENT / duration));
                    }
                });
        List<Chunk> chunks = new ArrayList<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String[] fields = line.split(",");
            if (fields.length >= 3) {
                chunks.add(new Chunk(dir.resolve(fields[0].strip()), Double.parseDouble(fields[1]),
                        Double.parseDouble(fields[2])));
            }
        }
        return chunks;
    }

    /** Whole seconds of 16 kHz mono WAV that fit in {@code maxBytes}. */
    static long chunkSeconds(long maxBytes) {
        return (maxBytes - WAV_SLACK_BYTES) / WAV_BYTES_PER_SECOND;
    }

    private JsonNode read(String answer) throws StageFailure {
        try {
            JsonNode root = mapper.readTree(answer);
            if (root == null || !root.isObject()) {
                throw new IOException("not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw StageFailure.recoverable(ERROR_CODE, "The transcription API answered with malformed JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** The answer's segments; an answer with only {@code text} counts as one segment over the whole chunk. */
    private List<JsonNode> segments(JsonNode root, Chunk chunk) throws StageFailure {
        JsonNode segments = root.path("segments");
        if (segments.isArray()) {
            List<JsonNode> result = new ArrayList<>();
            segments.forEach(result::add);
            return result;
        }
        if (root.path("text").isTextual()) {
            return List.of(mapper.createObjectNode().put("start", 0).put("end", chunk.end - chunk.start)
                    .put("text", root.path("text").asText()));
        }
        throw StageFailure.recoverable(ERROR_CODE, "The transcription API's answer has neither segments nor text");
    }

    /** Whisper's per-segment {@code avg_logprob} as a probability, lowered by its {@code no_speech_prob}. */
    private static double confidence(JsonNode segment) {
        double confidence = segment.has("avg_logprob") ? Math.exp(Math.min(0, segment.path("avg_logprob").asDouble())) : 1;
        return confidence * (1 - Math.max(0, Math.min(1, segment.path("no_speech_prob").asDouble(0))));
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** One WAV chunk of the audio and the request body that uploads it. */
    private static final class Chunk {

        private final Path file;
        private final double start;
        private final double end;
        private final String boundary = "video-jobs-" + UUID.randomUUID();

        Chunk(Path file, double start, double end) {
            this.file = file;
            this.start = start;
            this.end = end;
        }

        HttpRequest.BodyPublisher body(String model) {
            String fields = field("model", model) + field("response_format", "verbose_json")
                    + field("timestamp_granularities[]", "segment");
            String head = fields + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + file.getFileName() + "\"\r\nContent-Type: audio/wav\r\n\r\n";
            try {
                return HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                        HttpRequest.BodyPublishers.ofFile(file),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n", StandardCharsets.UTF_8));
            } catch (FileNotFoundException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String field(String name, String value) {
            return String.format(Locale.ROOT, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n",
                    boundary, name, value);
        }
    }
}
