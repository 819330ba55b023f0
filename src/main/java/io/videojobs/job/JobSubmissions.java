package io.videojobs.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.videojobs.error.ErrorCode;
import io.videojobs.error.ServiceException;
import io.videojobs.security.Caller;
import io.videojobs.security.SsrfGuard;
import io.videojobs.security.SubmissionRateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.hibernate.JDBCException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Accepts job submissions: checks the source, applies the per-user rate limit and makes a retry
 * with the same {@code Idempotency-Key} return the original job, even when two retries race.
 */
@ApplicationScoped
public class JobSubmissions {

    private static final String UNIQUE_VIOLATION = "23505";

    private final JobService jobs;
    private final JobReader reader;
    private final SourceUrlPolicy sourceUrls;
    private final SubmissionRateLimiter rateLimiter;
    private final SsrfGuard ssrfGuard;
    private final ObjectMapper mapper;
    private final Event<JobSubmitted> submitted;
    private final Event<JobCreated> created;

    public JobSubmissions(JobService jobs, JobReader reader, SourceUrlPolicy sourceUrls,
                          SubmissionRateLimiter rateLimiter, SsrfGuard ssrfGuard, ObjectMapper mapper,
                          Event<JobSubmitted> submitted, Event<JobCreated> created) {
        this.jobs = jobs;
        this.reader = reader;
        this.sourceUrls = sourceUrls;
        this.rateLimiter = rateLimiter;
        this.ssrfGuard = ssrfGuard;
        this.mapper = mapper;
        this.submitted = submitted;
        this.created = created;
    }

    public Uni<SubmitResult> submit(Caller caller, SubmitJobCommand command) {
        if (command.upload() != null) {
            return accept(caller, command);
        }
        sourceUrls.check(command.sourceUrl());
        return ssrfGuard.checkSubmitted(command.sourceUrl()).chain(() -> accept(caller, command));
    }

    private Uni<SubmitResult> accept(Caller caller, SubmitJobCommand command) {
        rateLimiter.acquire(caller.userId());
        if (command.idempotencyKey() == null) {
            return create(caller, command, null);
        }
        String requestHash = hash(command);
        return jobs.findByIdempotencyKey(caller.userId(), command.idempotencyKey()).chain(existing -> existing != null
                ? replay(caller, existing, requestHash)
                : create(caller, command, requestHash)
                        .onFailure(JobSubmissions::isUniqueViolation)
                        .recoverWithUni(() -> jobs.findByIdempotencyKey(caller.userId(), command.idempotencyKey())
                                .chain(winner -> replay(caller, winner, requestHash))));
    }

    private Uni<SubmitResult> create(Caller caller, SubmitJobCommand command, String requestHash) {
        return jobs.create(caller, command, requestHash)
                .invoke(details -> {
                    submitted.fire(new JobSubmitted(details.job().id));
                    created.fire(new JobCreated(details.job().id, details.job().ownerId));
                })
                .map(details -> new SubmitResult(details, false));
    }

    private Uni<SubmitResult> replay(Caller caller, Job original, String requestHash) {
        if (!original.requestHash.equals(requestHash)) {
            return Uni.createFrom().failure(new ServiceException(ErrorCode.CONFLICT,
                    "Idempotency-Key was already used with a different request body"));
        }
        return reader.get(caller, original.id).map(details -> new SubmitResult(details, true));
    }

    private String hash(SubmitJobCommand command) {
        try {
            String upload = command.upload() == null ? null : command.upload().sha256();
            byte[] canonical = mapper.writeValueAsBytes(
                    Arrays.asList(command.sourceUrl(), command.stages(), command.options(), upload));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash the submission", e);
        }
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    || t instanceof JDBCException jdbc && UNIQUE_VIOLATION.equals(jdbc.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
