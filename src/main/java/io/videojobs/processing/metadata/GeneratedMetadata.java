package io.videojobs.processing.metadata;

import java.util.List;

/** What a model wrote: title, description, tags and one title per chapter, in chapter order. */
public record GeneratedMetadata(String title, String description, List<String> tags, List<String> chapterTitles) {
}
