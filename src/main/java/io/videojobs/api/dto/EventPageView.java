package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.EventSlice;
import io.videojobs.job.event.JobEvent;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of logged events, each exactly as the WebSocket sends it. Poll again with
 * {@code after_seq=next_after_seq}; {@code has_more} says whether more are already logged.
 */
@RegisterForReflection
@Schema(name = "EventPage")
public record EventPageView(@Schema(required = true) UUID jobId,
                            @Schema(required = true) List<RawJson> events,
                            @Schema(required = true, minimum = "0", description = "Pass as after_seq for the next page")
                            long nextAfterSeq,
                            @Schema(required = true, minimum = "0") long lastSeq,
                            @Schema(required = true) boolean hasMore) {

    public static EventPageView from(UUID jobId, long afterSeq, EventSlice slice) {
        List<JobEvent> events = slice.events();
        long next = events.isEmpty() ? afterSeq : events.get(events.size() - 1).seq;
        return new EventPageView(jobId, events.stream().map(e -> new RawJson(e.payload)).toList(),
                next, slice.lastSeq(), next < slice.lastSeq());
    }
}
