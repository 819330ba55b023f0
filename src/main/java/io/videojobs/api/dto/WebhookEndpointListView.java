package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.webhooks.WebhookEndpoints;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of {@code GET /api/webhooks}; pass {@code next_cursor} back as {@code cursor} for the next page. */
@RegisterForReflection
@Schema(name = "WebhookEndpointPage")
public record WebhookEndpointListView(@Schema(required = true) List<WebhookEndpointView> items,
                                      @Schema(required = true, nullable = true, description = "null on the last page")
                                      String nextCursor) {

    public static WebhookEndpointListView from(WebhookEndpoints.EndpointPage page) {
        return new WebhookEndpointListView(page.items().stream().map(WebhookEndpointView::from).toList(), page.nextCursor());
    }
}
