package io.videojobs.api;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.videojobs.api.dto.ErrorResponse;
import io.videojobs.api.dto.StageDurationsView;
import io.videojobs.config.OpenApiDefinition;
import io.videojobs.error.ErrorCode;
import io.videojobs.error.ServiceException;
import io.videojobs.job.StageDurations;
import io.videojobs.security.CurrentCaller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Figures for operators (admins only) that the database computes over every instance's jobs. */
@Path("/api/admin")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
@SecurityRequirement(name = OpenApiDefinition.BEARER)
public class AdminResource {

    private final StageDurations durations;
    private final CurrentCaller caller;

    public AdminResource(StageDurations durations, CurrentCaller caller) {
        this.durations = durations;
        this.caller = caller;
    }

    @GET
    @Path("/stage-durations")
    @Operation(operationId = "getStageDurations", summary = "Stage durations over the last hour", description = "Per stage, over the stages that "
            + "completed in the last hour on any instance: how many, and the median and p95 of finished_at - "
            + "started_at in seconds (PostgreSQL percentile_cont). Stages in run order; a stage with no completed "
            + "run is left out.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StageDurationsView.class)))
    @APIResponse(responseCode = "401", description = "Missing, invalid or expired token", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "403", description = "Not an admin", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<StageDurationsView> stageDurations() {
        if (!caller.get().admin()) {
            throw new ServiceException(ErrorCode.FORBIDDEN, "Only admins can read stage durations");
        }
        return durations.over(StageDurations.LAST_HOUR).map(stages -> StageDurationsView.from(StageDurations.LAST_HOUR, stages));
    }
}
