package io.videojobs.api;

import io.videojobs.api.dto.JobView;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The answer of every way to submit a job ({@code POST /api/jobs}, an upload's {@code complete}): 202 with the job and
 * its {@code Location}, and {@code Idempotent-Replayed: true} when it is the job of an earlier, identical request.
 */
final class JobAccepted {

    private JobAccepted() {
    }

    static RestResponse<JobView> of(JobView view, boolean replayed) {
        RestResponse.ResponseBuilder<JobView> response = RestResponse.ResponseBuilder
                .<JobView>create(RestResponse.Status.ACCEPTED, view)
                .header(HttpHeaders.LOCATION, "/api/jobs/" + view.jobId());
        if (replayed) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }
}
