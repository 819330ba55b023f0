package io.videojobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (from, to) pair of job and of stage statuses against the state machines, and the entities' event methods. */
class StateMachineTest {

    /** The job lifecycle as documented: claim, retry later, complete, fail, cancel, and retry of an ended job. */
    private static final Set<String> JOB_MOVES = Set.of(
            "PENDING>PROCESSING", "PENDING>CANCELLED", "PENDING>FAILED",
            "PROCESSING>PENDING", "PROCESSING>COMPLETED", "PROCESSING>FAILED", "PROCESSING>CANCELLED",
            "FAILED>PENDING", "CANCELLED>PENDING");

    /** Stages start, complete or fail, and go back to PENDING when their job is re-queued or retried. */
    private static final Set<String> STAGE_MOVES = Set.of(
            "PENDING>PROCESSING", "PENDING>FAILED",
            "PROCESSING>PENDING", "PROCESSING>COMPLETED", "PROCESSING>FAILED",
            "FAILED>PENDING");

    static Stream<Arguments> jobPairs() {
        return pairs(JobStatus.values());
    }

    static Stream<Arguments> stagePairs() {
        return pairs(StageStatus.values());
    }

    @ParameterizedTest(name = "job {0} -> {1}")
    @MethodSource("jobPairs")
    void aJobMovesOnlyAlongTheDocumentedTransitions(JobStatus from, JobStatus to) {
        assertTable(JOB_MOVES, from, to, JobStatus::canMoveTo, JobStatus::moveTo);
    }

    @ParameterizedTest(name = "stage {0} -> {1}")
    @MethodSource("stagePairs")
    void aStageMovesOnlyAlongTheDocumentedTransitions(StageStatus from, StageStatus to) {
        assertTable(STAGE_MOVES, from, to, StageStatus::canMoveTo, StageStatus::moveTo);
    }

    /** The state machine allows exactly the moves of {@code table}; every other move throws and changes nothing. */
    private static <S> void assertTable(Set<String> table, S from, S to, BiPredicate<S, S> canMove, BinaryOperator<S> move) {
        boolean allowed = table.contains(from + ">" + to);
        assertEquals(allowed, canMove.test(from, to), from + " -> " + to);
        if (allowed) {
            assertEquals(to, move.apply(from, to));
        } else {
            assertThrows(IllegalTransitionException.class, () -> move.apply(from, to));
        }
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void onlyAFailedOrCancelledJobCanBeRetriedAndItGetsAFreshAttemptBudget(JobStatus status) {
        Job job = job(status);
        job.attempts = 2;
        job.errorMessage = "boom";
        if (status == JobStatus.FAILED || status == JobStatus.CANCELLED) {
            job.retry();
            assertEquals(JobStatus.PENDING, job.status);
            assertEquals(0, job.attempts);
            assertEquals(null, job.errorMessage);
            assertEquals(null, job.finishedAt);
        } else {
            assertThrows(IllegalTransitionException.class, job::retry);
            assertEquals(status, job.status, "a refused retry changes nothing");
        }
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void onlyARunningJobCompletes(JobStatus status) {
        Job job = job(status);
        if (status == JobStatus.PROCESSING) {
            job.complete();
            assertEquals(JobStatus.COMPLETED, job.status);
            assertEquals(100, job.progressPercent);
            assertEquals(null, job.leaseOwner);
        } else {
            assertThrows(IllegalTransitionException.class, job::complete);
        }
    }

    @ParameterizedTest
    @EnumSource(StageStatus.class)
    void aStageStartsUnlessItHasEndedAndAResumedStageStaysProcessing(StageStatus status) {
        JobStage stage = new JobStage();
        stage.status = status;
        if (status.isFinished()) {
            assertThrows(IllegalTransitionException.class, stage::start);
        } else {
            stage.start();
            assertEquals(StageStatus.PROCESSING, stage.status);
        }
    }

    private static Job job(JobStatus status) {
        Job job = new Job();
        job.status = status;
        job.leaseOwner = "engine-a";
        return job;
    }

    private static <E extends Enum<E>> Stream<Arguments> pairs(E[] values) {
        List<Arguments> pairs = new ArrayList<>();
        for (E from : values) {
            for (E to : values) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }
}
