package io.videojobs.api.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.videojobs.webhooks.WebhookEndpoints;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of an endpoint's deliveries, newest first; pass {@code next_cursor} back as {@code cursor}. */
@RegisterForReflection
@Schema(name = "WebhookDeliveryPage")
public record WebhookDeliveryListView(@Schema(required = true) List<WebhookDeliveryView> items,
                                      @Schema(required = true, nullable = true, description = "null on the last page")
                                      String nextCursor) {

    public static WebhookDeliveryListView from(WebhookEndpoints.DeliveryPage page) {
        return new WebhookDeliveryListView(page.items().stream().map(WebhookDeliveryView::from).toList(), page.nextCursor());
    }
}
