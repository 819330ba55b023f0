package io.videojobs.realtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.job.event.ErrorData;
import java.time.Instant;
import java.util.UUID;

/**
 * A server message built on this side of the socket (acks, heartbeats, errors, snapshots). Logged job
 * events are sent as stored; these follow the same {@code {type, job_id, data, timestamp}} shape, with
 * {@code job_id: null} when the message concerns no job, {@code seq} on job messages and
 * {@code snapshot: true} on messages that describe current state rather than a logged change.
 */
@RegisterForReflection
@JsonPropertyOrder({"type", "job_id", "data", "timestamp", "seq", "snapshot"})
public record WsMessage(String type,
                        UUID jobId,
                        Object data,
                        Instant timestamp,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Long seq,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean snapshot) {

    /** A connection-level message: {@code job_id} is null. */
    public static WsMessage connection(String type, Object data) {
        return new WsMessage(type, null, data, Instant.now(), null, null);
    }

    /** A message about one job that is not part of its log, stamped with the job's current seq. */
    public static WsMessage aboutJob(String type, UUID jobId, Object data, long seq) {
        return new WsMessage(type, jobId, data, Instant.now(), seq, null);
    }

    /** One message of a subscription snapshot, stamped with the seq the snapshot was read at. */
    public static WsMessage snapshot(String type, UUID jobId, Object data, long seq) {
        return new WsMessage(type, jobId, data, Instant.now(), seq, Boolean.TRUE);
    }

    /** An {@code ERROR} about one job, or about no job when {@code jobId} is null. */
    public static WsMessage error(UUID jobId, String errorCode, String errorMessage) {
        return new WsMessage(MessageTypes.ERROR, jobId,
                new ErrorData(errorCode, errorMessage, true, null), Instant.now(), null, null);
    }
}
