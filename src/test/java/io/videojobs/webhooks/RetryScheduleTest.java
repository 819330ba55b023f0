package io.videojobs.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The retry schedule: Svix's delays, jitter within its bounds, Retry-After honoured up to its cap. */
class RetryScheduleTest {

    private static final List<Duration> SVIX = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    private static final Instant NOW = Instant.parse("2026-12-07T18:00:00Z");

    @Test
    void withoutJitterEachRetryWaitsItsScheduledDelayAndTheEighthAttemptIsTheLast() {
        RetrySchedule schedule = new RetrySchedule(SVIX, 0, Duration.ofHours(1), () -> 0.5);

        assertEquals(8, schedule.attempts());
        for (int made = 1; made < 8; made++) {
            assertEquals(Optional.of(NOW.plus(SVIX.get(made))), schedule.next(made, NOW, null), "after attempt " + made);
        }
        assertEquals(Optional.empty(), schedule.next(8, NOW, null));
    }

    @Test
    void jitterMovesADelayByAtMostItsFractionEitherWay() {
        RetrySchedule low = new RetrySchedule(SVIX, 0.2, Duration.ofHours(1), () -> 0.0);
        RetrySchedule high = new RetrySchedule(SVIX, 0.2, Duration.ofHours(1), () -> 0.999_999);

        assertEquals(NOW.plus(Duration.ofMinutes(4)), low.next(2, NOW, null).orElseThrow());
        Instant late = high.next(2, NOW, null).orElseThrow();
        assertTrue(!late.isAfter(NOW.plus(Duration.ofMinutes(6))) && late.isAfter(NOW.plus(Duration.ofSeconds(359))), late.toString());
    }

    @Test
    void retryAfterInSecondsOrAsADatePushesTheRetryBackUpToTheCap() {
        RetrySchedule schedule = new RetrySchedule(SVIX, 0, Duration.ofMinutes(30), () -> 0.5);

        assertEquals(NOW.plusSeconds(120), schedule.next(1, NOW, "120").orElseThrow(), "later than the scheduled 5 s");
        assertEquals(NOW.plusSeconds(300), schedule.next(2, NOW, "120").orElseThrow(), "never earlier than the schedule");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(600).atOffset(ZoneOffset.UTC));
        assertEquals(NOW.plusSeconds(600), schedule.next(1, NOW, date).orElseThrow());
        assertEquals(NOW.plus(Duration.ofMinutes(30)), schedule.next(1, NOW, "86400").orElseThrow(), "capped");
        assertEquals(NOW.plusSeconds(5), schedule.next(1, NOW, "soon, please").orElseThrow(), "a malformed one is ignored");
        assertNull(schedule.retryAfter("", NOW));
    }
}
