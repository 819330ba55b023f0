package io.videojobs.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.videojobs.api.dto.WebhookDeliveryDetailView;
import io.videojobs.api.dto.WebhookDeliveryListView;
import io.videojobs.api.dto.WebhookDeliveryView;
import io.videojobs.api.dto.WebhookEndpointListView;
import io.videojobs.api.dto.WebhookEndpointView;
import io.videojobs.api.dto.WebhookRequests;
import io.videojobs.api.dto.WebhookSecretView;
import io.videojobs.config.JobsConfig;
import io.videojobs.config.OpenApiDefinition;
import io.videojobs.error.ServiceException;
import io.videojobs.security.CurrentCaller;
import io.videojobs.webhooks.WebhookEndpoints;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** The webhooks REST API: translates HTTP to {@link WebhookEndpoints} calls and back (src/docs/webhooks.md). */
@Path("/api/webhooks")
@Authenticated
@CompletesDespiteDisconnect
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@SecurityRequirement(name = OpenApiDefinition.BEARER)
public class WebhookResource {

    private static final String JSON = MediaType.APPLICATION_JSON;
    private static final String ENDPOINT_ID = "The endpoint's id; one that is not yours answers 404 like a missing one";
    private static final String DELIVERY_ID = "The delivery's id";

    private final WebhookEndpoints endpoints;
    private final CurrentCaller caller;
    private final JobsConfig config;
    private final ObjectMapper mapper;

    public WebhookResource(WebhookEndpoints endpoints, CurrentCaller caller, JobsConfig config, ObjectMapper mapper) {
        this.endpoints = endpoints;
        this.caller = caller;
        this.config = config;
        this.mapper = mapper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createWebhook", summary = "Register a webhook endpoint", description = "Events of your "
            + "jobs of the chosen types are then POSTed to the URL, signed by Standard Webhooks. The answer holds the "
            + "signing secret, shown this once.")
    @RequestBody(required = true, content = @Content(mediaType = JSON,
            schema = @Schema(implementation = WebhookRequests.Create.class)))
    @APIResponse(responseCode = "201", ref = "WebhookCreated")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "409", ref = "WebhookLimit")
    public Uni<RestResponse<WebhookSecretView>> create(WebhookRequests.Create request) {
        if (request == null) {
            throw ServiceException.invalid("body", "is required");
        }
        return endpoints.create(caller.get(), request.url(), request.eventTypes(), request.description())
                .map(created -> RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, WebhookSecretView.from(created))
                        .header(HttpHeaders.LOCATION, "/api/webhooks/" + created.endpoint().id()).build());
    }

    @GET
    @Operation(operationId = "listWebhooks", summary = "List your webhook endpoints", description = "Newest first; "
            + "admins see every user's.")
    @APIResponse(responseCode = "200", description = "A page of endpoints",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookEndpointListView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Uni<WebhookEndpointListView> list(
            @Parameter(description = "Page size, default 20", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) @RestQuery String limit,
            @Parameter(description = "next_cursor of the previous page") @RestQuery String cursor) {
        int pageSize = RequestParams.intInRange("limit", limit, config.defaultPageSize(), 1, config.maxPageSize());
        return endpoints.list(caller.get(), cursor, pageSize).map(WebhookEndpointListView::from);
    }

    @GET
    @Path("/{endpoint_id}")
    @Operation(operationId = "getWebhook", summary = "Get a webhook endpoint")
    @APIResponse(responseCode = "200", description = "The endpoint",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookEndpointView.class)))
    @APIResponse(responseCode = "404", ref = "WebhookNotFound")
    public Uni<WebhookEndpointView> get(@Parameter(description = ENDPOINT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("endpoint_id") String endpointId) {
        return endpoints.get(caller.get(), endpointId(endpointId)).map(WebhookEndpointView::from);
    }

    @PATCH
    @Path("/{endpoint_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateWebhook", summary = "Change a webhook endpoint", description = "Changes the URL, "
            + "the event types or the description, disables it, or enables it again (which clears its failure streak; "
            + "its FAILED deliveries are sent again only by recover).")
    @RequestBody(required = true, content = @Content(mediaType = JSON,
            schema = @Schema(implementation = WebhookRequests.Update.class)))
    @APIResponse(responseCode = "200", description = "The endpoint",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookEndpointView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "WebhookNotFound")
    public Uni<WebhookEndpointView> update(@Parameter(description = ENDPOINT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("endpoint_id") String endpointId,
                                           WebhookRequests.Update request) {
        if (request == null) {
            throw ServiceException.invalid("body", "is required");
        }
        return endpoints.update(caller.get(), endpointId(endpointId), new WebhookEndpoints.Change(request.url(),
                request.eventTypes(), request.description(), request.enabled())).map(WebhookEndpointView::from);
    }

    @DELETE
    @Path("/{endpoint_id}")
    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook endpoint", description = "Also deletes its "
            + "deliveries, pending ones included.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "WebhookNotFound")
    public Uni<RestResponse<Void>> delete(@Parameter(description = ENDPOINT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("endpoint_id") String endpointId) {
        return endpoints.delete(caller.get(), endpointId(endpointId)).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{endpoint_id}/rotate-secret")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "rotateWebhookSecret", summary = "Rotate an endpoint's secret", description = "Answers "
            + "the new secret, shown this once. For grace_seconds every delivery carries signatures by the old and "
            + "the new secret, so a receiver can switch without losing one.")
    @RequestBody(required = true, content = @Content(mediaType = JSON,
            schema = @Schema(implementation = WebhookRequests.Rotate.class)))
    @APIResponse(responseCode = "200", description = "The endpoint and its new secret",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookSecretView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "WebhookNotFound")
    public Uni<WebhookSecretView> rotateSecret(@Parameter(description = ENDPOINT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("endpoint_id") String endpointId,
                                               WebhookRequests.Rotate request) {
        if (request == null || request.graceSeconds() == null) {
            throw ServiceException.invalid("grace_seconds", "is required");
        }
        return endpoints.rotateSecret(caller.get(), endpointId(endpointId), request.graceSeconds()).map(WebhookSecretView::from);
    }

    @POST
    @Path("/{endpoint_id}/test")
    @Operation(operationId = "testWebhook", summary = "Send a test event", description = "Queues a webhook.test "
            + "message to the endpoint, whatever event types it subscribes to.")
    @APIResponse(responseCode = "202", description = "The queued delivery",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookDeliveryView.class)))
    @APIResponse(responseCode = "404", ref = "WebhookNotFound")
    public Uni<RestResponse<WebhookDeliveryView>> test(@Parameter(description = ENDPOINT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("endpoint_id") String endpointId) {
        return endpoints.sendTest(caller.get(), endpointId(endpointId))
                .map(delivery -> RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, WebhookDeliveryView.from(delivery)).build());
    }

    @GET
    @Path("/{endpoint_id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "List an endpoint's deliveries", description = "Newest first.")
    @APIResponse(responseCode = "200", description = "A page of deliveries",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookDeliveryListView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "WebhookNotFound")
    public Uni<WebhookDeliveryListView> deliveries(
            @Parameter(description = ENDPOINT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("endpoint_id") String endpointId,
            @Parameter(description = "Only deliveries in this state", schema = @Schema(enumeration = {"PENDING", "SUCCEEDED", "FAILED"})) @RestQuery String status,
            @Parameter(description = "Page size, default 20", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) @RestQuery String limit,
            @Parameter(description = "next_cursor of the previous page") @RestQuery String cursor) {
        int pageSize = RequestParams.intInRange("limit", limit, config.defaultPageSize(), 1, config.maxPageSize());
        return endpoints.deliveries(caller.get(), endpointId(endpointId), status, cursor, pageSize)
                .map(WebhookDeliveryListView::from);
    }

    @GET
    @Path("/{endpoint_id}/deliveries/{delivery_id}")
    @Operation(operationId = "getWebhookDelivery", summary = "Get a delivery with its attempts", description = "Every "
            + "attempt: its time, duration, the answer's status and its first 4 KB.")
    @APIResponse(responseCode = "200", description = "The delivery",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookDeliveryDetailView.class)))
    @APIResponse(responseCode = "404", ref = "WebhookNotFound")
    public Uni<WebhookDeliveryDetailView> delivery(
            @Parameter(description = ENDPOINT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("endpoint_id") String endpointId,
            @Parameter(description = DELIVERY_ID, schema = @Schema(type = SchemaType.STRING, format = "int64")) @RestPath("delivery_id") String deliveryId) {
        return endpoints.delivery(caller.get(), endpointId(endpointId), deliveryId(deliveryId))
                .map(detail -> WebhookDeliveryDetailView.from(detail, mapper));
    }

    @POST
    @Path("/{endpoint_id}/deliveries/{delivery_id}/redeliver")
    @Operation(operationId = "redeliverWebhook", summary = "Send a delivery again", description = "Now, with a fresh "
            + "retry schedule and the same webhook-id.")
    @APIResponse(responseCode = "202", description = "The delivery, PENDING",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookDeliveryView.class)))
    @APIResponse(responseCode = "404", ref = "WebhookNotFound")
    public Uni<RestResponse<WebhookDeliveryView>> redeliver(
            @Parameter(description = ENDPOINT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("endpoint_id") String endpointId,
            @Parameter(description = DELIVERY_ID, schema = @Schema(type = SchemaType.STRING, format = "int64")) @RestPath("delivery_id") String deliveryId) {
        return endpoints.redeliver(caller.get(), endpointId(endpointId), deliveryId(deliveryId))
                .map(delivery -> RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, WebhookDeliveryView.from(delivery)).build());
    }

    @POST
    @Path("/{endpoint_id}/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recoverWebhook", summary = "Send failed deliveries again", description = "Queues again "
            + "the endpoint's FAILED deliveries created since `since`, for example after it was disabled and enabled again.")
    @RequestBody(required = true, content = @Content(mediaType = JSON,
            schema = @Schema(implementation = WebhookRequests.Recover.class)))
    @APIResponse(responseCode = "202", description = "How many were queued",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookRequests.Recovered.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "WebhookNotFound")
    public Uni<RestResponse<WebhookRequests.Recovered>> recover(
            @Parameter(description = ENDPOINT_ID, schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestPath("endpoint_id") String endpointId,
            WebhookRequests.Recover request) {
        return endpoints.recover(caller.get(), endpointId(endpointId), request == null ? null : request.since())
                .map(count -> RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED,
                        new WebhookRequests.Recovered(count)).build());
    }

    private static UUID endpointId(String value) {
        return RequestParams.uuid("Webhook endpoint", value);
    }

    private static long deliveryId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ServiceException.notFound("Webhook delivery");
        }
    }
}
