package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Webhook delivery: the retry schedule, timeouts, limits and the links put in bodies (src/docs/webhooks.md). Every
 * duration is a setting, so that tests can shrink them.
 */
@ConfigMapping(prefix = "video-jobs.webhooks")
public interface WebhooksConfig {

    /** Whether this instance delivers webhooks (endpoints can be managed either way). */
    @WithDefault("true")
    boolean enabled();

    /**
     * The base of the links in webhook bodies ({@code <base>/api/jobs/<id>}): the service's public address as a
     * receiver reaches it.
     */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /**
     * Delay before each attempt of a delivery, the first one included; the number of entries is the number of
     * attempts. Like Svix's: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Each retry's delay is moved by up to this fraction either way, so that retries of many messages spread. */
    @WithDefault("0.2")
    double retryJitter();

    /** The longest a receiver's {@code Retry-After} may push the next attempt back. */
    @WithDefault("1h")
    Duration retryAfterMax();

    /** Connect timeout of a delivery. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** A delivery attempt that has not received its answer by then fails. */
    @WithDefault("15s")
    Duration timeout();

    /**
     * How long a claimed delivery stays with the instance that claimed it; then another one takes it over. Never
     * less than {@code connect-timeout} + {@code timeout} + 5 s, whatever is set, so a live attempt is not taken.
     */
    @WithDefault("60s")
    Duration lease();

    /** An endpoint whose every attempt has failed for this long is disabled; its deliveries wait for recover. */
    @WithDefault("120h")
    Duration disableAfter();

    /** The safety net: how often an instance looks for due deliveries besides being woken after commits. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * The shortest time between the starts of two claims of an instance: wake-ups inside it (after commits, after
     * each finished delivery) are answered by one claim at its end, which takes the room they freed together.
     */
    @WithDefault("10ms")
    Duration claimInterval();

    /** Deliveries in flight at once on this instance, all endpoints together. */
    @WithDefault("32")
    int maxInFlight();

    /** Deliveries in flight at once to one endpoint on this instance, so one slow receiver cannot take them all. */
    @WithDefault("4")
    int maxInFlightPerEndpoint();

    /** Bytes of a receiver's answer kept with each attempt. */
    @WithDefault("4096")
    int responseBodyLimit();

    /** Endpoints one user may register. */
    @WithDefault("20")
    int maxEndpointsPerUser();

    /** Longest grace period of a secret rotation, during which the old secret also signs. */
    @WithDefault("168h")
    Duration maxRotationGrace();

    /**
     * Hosts (names or IP literals) that endpoint URLs may use although they are loopback, private or otherwise
     * internal, like {@code video-jobs.fetch.allowed-hosts}. Empty by default: internal addresses are refused.
     */
    Optional<List<String>> allowedHosts();
}
