package io.videojobs.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes this instance's WebSocket figures at {@code /q/metrics}. Gauges and message counters read the
 * registry's own counters at scrape time, so sending costs nothing extra; limit hits are pre-built counters.
 */
@Startup
@ApplicationScoped
public class RealtimeMetrics {

    private static final String LIMIT_HITS = "videojobs.rate.limit.hits";
    private static final String LIMIT_HITS_DESCRIPTION = "Requests refused by a rate limit";

    /** Held so the meters' weak references to them stay reachable. */
    private final SessionRegistry sessions;
    private final JobFanOut fanOut;
    private final Counter inboundRateLimited;
    private final Counter connectionLimited;
    private final Counter subscriptionLimited;

    public RealtimeMetrics(SessionRegistry sessions, JobFanOut fanOut, MeterRegistry registry) {
        this.sessions = sessions;
        this.fanOut = fanOut;
        Gauge.builder("videojobs.ws.connections", sessions, SessionRegistry::connectionCount)
                .description("Open WebSocket connections on this instance").register(registry);
        Gauge.builder("videojobs.ws.subscriptions", fanOut, JobFanOut::subscriptionCount)
                .description("Job subscriptions of the open WebSocket connections on this instance").register(registry);
        FunctionCounter.builder("videojobs.ws.messages.sent", sessions, SessionRegistry::messagesSent)
                .description("WebSocket messages written to a client").register(registry);
        FunctionCounter.builder("videojobs.ws.messages.dropped", sessions, SessionRegistry::messagesDropped)
                .description("WebSocket messages not delivered: the connection was closing or closed, or its buffer was full")
                .register(registry);
        FunctionCounter.builder("videojobs.ws.slow.consumer.disconnects", sessions, SessionRegistry::slowConsumersClosed)
                .description("Connections closed because their outbound buffer was full").register(registry);
        this.inboundRateLimited = limitHits(registry, "ws_inbound_messages");
        this.connectionLimited = limitHits(registry, "ws_connections");
        this.subscriptionLimited = limitHits(registry, "ws_subscriptions");
    }

    /** A client message refused by the per-connection inbound rate limit. */
    void inboundRateLimited() {
        inboundRateLimited.increment();
    }

    /** A connection refused because its user or IP address already has the maximum open. */
    void connectionLimited() {
        connectionLimited.increment();
    }

    /** A subscribe refused because the connection would exceed its subscription limit. */
    void subscriptionLimited() {
        subscriptionLimited.increment();
    }

    private static Counter limitHits(MeterRegistry registry, String limit) {
        return Counter.builder(LIMIT_HITS).tag("limit", limit).description(LIMIT_HITS_DESCRIPTION).register(registry);
    }
}
