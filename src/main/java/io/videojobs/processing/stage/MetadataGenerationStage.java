package io.videojobs.processing.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.videojobs.config.MetadataConfig;
import io.videojobs.job.MetadataType;
import io.videojobs.job.StageId;
import io.videojobs.processing.metadata.GeneratedMetadata;
import io.videojobs.processing.metadata.OfflineMetadata;
import io.videojobs.processing.metadata.OpenAiMetadataWriter;
import io.videojobs.processing.run.MediaInfo;
import io.videojobs.processing.run.MetadataOutput;
import io.videojobs.processing.run.StageContext;
import io.videojobs.processing.run.StageFailure;
import io.videojobs.processing.run.StageRunner;
import io.videojobs.processing.speech.Transcript;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * METADATA_GENERATION: TITLE, DESCRIPTION and TAGS, offline from the container tags, the file name and a
 * trustworthy transcript; with {@code video-jobs.metadata.engine=openai}, a chat model writes them and the
 * chapter titles instead, and the offline result is kept when it fails. Items the owner edited are skipped
 * when the results are committed.
 */
@ApplicationScoped
class MetadataGenerationStage implements StageRunner {

    private final MetadataConfig config;
    private final OpenAiMetadataWriter openai;

    MetadataGenerationStage(MetadataConfig config, OpenAiMetadataWriter openai) {
        this.config = config;
        this.openai = openai;
    }

    @Override
    public StageId stage() {
        return StageId.METADATA_GENERATION;
    }

    @Override
    public List<MetadataOutput> run(StageContext context) throws StageFailure {
        MediaInfo info = context.info();
        Optional<Transcript> transcript = context.sink().metadata(MetadataType.TRANSCRIPT).map(Transcript::fromJson);
        String trusted = transcript.filter(t -> t.confidence() >= config.minTranscriptConfidence())
                .map(Transcript::text).orElse("");
        String title = OfflineMetadata.title(info, context.sourceName(), trusted);
        List<MetadataOutput> offline = outputs(title, OfflineMetadata.description(info, trusted),
                OfflineMetadata.tags(title, trusted));
        if (config.engine() != MetadataConfig.Engine.OPENAI) {
            context.sink().progress(90);
            return offline;
        }
        Optional<JsonNode> chapters = context.sink().metadata(MetadataType.CHAPTERS);
        try {
            GeneratedMetadata generated = openai.write(context, transcript.orElse(null), chapters.orElse(null));
            List<MetadataOutput> outputs = outputs(generated.title(), generated.description(), generated.tags());
            chapters.ifPresent(list -> outputs.add(new MetadataOutput(MetadataType.CHAPTERS,
                    retitled(list, generated.chapterTitles()))));
            return outputs;
        } catch (StageFailure failure) {
            throw StageFailure.recoverableKeeping(failure.errorCode(), failure.getMessage() + "; the offline "
                    + "title, description and tags were kept", offline);
        }
    }

    private static List<MetadataOutput> outputs(String title, String description, List<String> tags) {
        ArrayNode tagArray = JsonNodeFactory.instance.arrayNode();
        tags.forEach(tagArray::add);
        List<MetadataOutput> outputs = new ArrayList<>();
        outputs.add(new MetadataOutput(MetadataType.TITLE,
                TextNode.valueOf(OfflineMetadata.clip(title, OfflineMetadata.MAX_TITLE))));
        outputs.add(new MetadataOutput(MetadataType.DESCRIPTION,
                TextNode.valueOf(OfflineMetadata.clip(description, OfflineMetadata.MAX_DESCRIPTION))));
        outputs.add(new MetadataOutput(MetadataType.TAGS, tagArray));
        return outputs;
    }

    private static JsonNode retitled(JsonNode chapters, List<String> titles) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < chapters.size(); i++) {
            ObjectNode chapter = chapters.get(i).deepCopy();
            result.add(chapter.put("title", titles.get(i)));
        }
        return result;
    }
}
