package io.videojobs.api;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.videojobs.api.dto.SearchResultView;
import io.videojobs.config.OpenApiDefinition;
import io.videojobs.search.JobSearch;
import io.videojobs.search.TextQuery;
import io.videojobs.security.CurrentCaller;
import io.videojobs.security.ThumbnailLinks;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** Full-text search inside the caller's videos: translates {@code GET /api/search} to {@link JobSearch}. */
@Path("/api/search")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
@SecurityRequirement(name = OpenApiDefinition.BEARER)
public class SearchResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 50;

    private final JobSearch search;
    private final CurrentCaller caller;
    private final ThumbnailLinks thumbnailLinks;

    public SearchResource(JobSearch search, CurrentCaller caller, ThumbnailLinks thumbnailLinks) {
        this.search = search;
        this.caller = caller;
        this.thumbnailLinks = thumbnailLinks;
    }

    @GET
    @Operation(operationId = "searchJobs", summary = "Search inside your videos", description = "Finds your jobs "
            + "(every job for an admin) whose title, tags, description and transcript together hold all the words, "
            + "best first: a title hit ranks above tags, tags above the description, and what was said adds up to "
            + "half a title hit. Words are stemmed (English). `\"old market\"` is a phrase, `light*` a prefix. Each "
            + "hit lists its transcript segments that hold any of the words. Snippets are plain text with the matched "
            + "ranges as offsets, never HTML; a segment's start_seconds opens the player at that moment. A search "
            + "ranks at most a bounded number of matching jobs (src/docs/search.md).")
    @APIResponse(responseCode = "200", description = "The matching jobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SearchResultView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<SearchResultView> search(
            @Parameter(required = true, description = "Words, \"phrases\" and prefix*; all must match",
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = TextQuery.MAX_LENGTH)) @RestQuery String q,
            @Parameter(description = "How many jobs, default 20", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "50")) @RestQuery String limit) {
        TextQuery query = TextQuery.parse("q", q);
        int size = RequestParams.intInRange("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        return search.search(caller.get(), query, size)
                .map(hits -> SearchResultView.from(query.text(), hits, thumbnailLinks));
    }
}
