package io.videojobs.webhooks;

import java.util.List;

/** The event types an endpoint can subscribe to (the outbox trigger of migration V8 produces them), and the test one. */
public final class WebhookEventTypes {

    public static final String JOB_COMPLETED = "job.completed";
    public static final String JOB_FAILED = "job.failed";
    public static final String JOB_CANCELLED = "job.cancelled";
    public static final String JOB_UPDATED = "job.updated";
    public static final String JOB_STAGE_UPDATED = "job.stage.updated";
    public static final String JOB_METADATA_UPDATED = "job.metadata.updated";
    public static final String JOB_THUMBNAIL_GENERATED = "job.thumbnail.generated";
    /** Sent by {@code POST /api/webhooks/{id}/test} whatever the endpoint subscribes to. */
    public static final String WEBHOOK_TEST = "webhook.test";

    /** Every type an endpoint may subscribe to. */
    public static final List<String> SUBSCRIBABLE = List.of(JOB_COMPLETED, JOB_FAILED, JOB_CANCELLED, JOB_UPDATED,
            JOB_STAGE_UPDATED, JOB_METADATA_UPDATED, JOB_THUMBNAIL_GENERATED);

    private WebhookEventTypes() {
    }
}
