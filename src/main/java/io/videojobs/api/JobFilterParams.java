package io.videojobs.api;

import io.videojobs.error.ServiceException;
import io.videojobs.job.JobStatus;
import io.videojobs.search.JobFilter;
import io.videojobs.search.TextQuery;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/** The filter query parameters that {@code GET /api/jobs} and {@code GET /api/jobs/count} share. */
public class JobFilterParams {

    @Parameter(description = "Only jobs in one of these statuses; repeat it: status=FAILED&status=CANCELLED",
            style = ParameterStyle.FORM, explode = Explode.TRUE,
            schema = @Schema(type = SchemaType.ARRAY, implementation = JobStatus.class))
    @RestQuery
    List<String> status;

    @Parameter(description = "Only jobs with this tag (exact)", schema = @Schema(type = SchemaType.STRING, maxLength = 64))
    @RestQuery
    String tag;

    @Parameter(name = "created_from", description = "Only jobs created at or after this time: an RFC 3339 date-time, "
            + "or a date meaning its midnight UTC", schema = @Schema(type = SchemaType.STRING, example = "2026-12-01"))
    @RestQuery("created_from")
    String createdFrom;

    @Parameter(name = "created_to", description = "Only jobs created before this time: an RFC 3339 date-time, or a "
            + "date meaning its midnight UTC", schema = @Schema(type = SchemaType.STRING,
            example = "2026-12-07T18:00:00Z"))
    @RestQuery("created_to")
    String createdTo;

    @Parameter(description = "Only jobs whose title, tags, description and transcript together match this text: "
            + "words, \"phrases\" and prefix* as in GET /api/search",
            schema = @Schema(type = SchemaType.STRING, maxLength = TextQuery.MAX_LENGTH))
    @RestQuery
    String q;

    JobFilter toFilter() {
        return filter("", RequestParams.statuses(status), tag, createdFrom, createdTo, q);
    }

    /** The filter these values make, with errors naming each field after {@code prefix}. */
    static JobFilter filter(String prefix, List<JobStatus> statuses, String tag, String createdFrom, String createdTo,
                            String q) {
        Instant from = RequestParams.instant(prefix + "created_from", createdFrom);
        Instant to = RequestParams.instant(prefix + "created_to", createdTo);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ServiceException.invalid(prefix + "created_to", "must be after created_from");
        }
        return new JobFilter(statuses, RequestParams.tag(prefix + "tag", tag), from, to,
                TextQuery.parseOptional(prefix + "q", q));
    }
}
