package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.search.Snippet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Plain text and where it matched; the service never sends markup built from user input. */
@RegisterForReflection
@Schema(name = "Snippet", description = "Plain text (never HTML) and the ranges that matched the query: escape the "
        + "text, then mark each range. Offsets count UTF-16 code units, as JavaScript strings index.")
public record SnippetView(@Schema(required = true) String text,
                          @Schema(required = true) List<MatchRange> matches) {

    /** A matched range: {@code text.substring(start, end)} in JavaScript's and Java's terms. */
    @RegisterForReflection
    @Schema(name = "MatchRange")
    public record MatchRange(@Schema(required = true, minimum = "0", description = "First matched code unit")
                             int start,
                             @Schema(required = true, minimum = "1", description = "One past the last matched code unit")
                             int end) {
    }

    public static SnippetView from(Snippet snippet) {
        return snippet == null ? null : new SnippetView(snippet.text(),
                snippet.matches().stream().map(range -> new MatchRange(range.start(), range.end())).toList());
    }
}
