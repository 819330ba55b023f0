package io.videojobs.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.videojobs.config.WebhooksConfig;
import io.videojobs.error.ErrorCode;
import io.videojobs.error.FieldError;
import io.videojobs.error.ServiceException;
import io.videojobs.job.PageCursor;
import io.videojobs.security.Caller;
import io.videojobs.security.PinnedHttpClient;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What users do with their webhook endpoints and deliveries: register (the secret is answered this once), list,
 * change, delete, rotate the secret with a grace period, send a test event, read deliveries with their attempts,
 * redeliver one, and recover the failed ones. An endpoint that is not the caller's is a 404 like a missing one;
 * admins see everyone's. A URL is checked when registered or changed, as every send checks it again.
 */
@ApplicationScoped
public class WebhookEndpoints {

    /** Deliveries' states, for the status filter. */
    public static final List<String> DELIVERY_STATUSES = List.of("PENDING", "SUCCEEDED", "FAILED");
    private static final int MAX_URL_LENGTH = 2048;
    private static final int MAX_DESCRIPTION_LENGTH = 500;

    /** An endpoint with its secret: the answer of registration and rotation, the only ones that show it. */
    public record WithSecret(WebhookEndpoint endpoint, String secret) {
    }

    /** A page of endpoints; {@code nextCursor} is null on the last one. */
    public record EndpointPage(List<WebhookEndpoint> items, String nextCursor) {
    }

    /** A page of deliveries; {@code nextCursor} is null on the last one. */
    public record DeliveryPage(List<WebhookDelivery> items, String nextCursor) {
    }

    /** A delivery with every attempt, oldest first. */
    public record DeliveryDetail(WebhookDelivery delivery, List<WebhookAttempt> attempts) {
    }

    /** The fields of a change; null leaves one as it is. */
    public record Change(String url, List<String> eventTypes, String description, Boolean enabled) {
    }

    private final WebhookStore store;
    private final WebhookDispatcher dispatcher;
    private final WebhookSender sender;
    private final WebhooksConfig config;
    private final ObjectMapper mapper;
    private final Vertx vertx;

    public WebhookEndpoints(WebhookStore store, WebhookDispatcher dispatcher, WebhookSender sender,
                            WebhooksConfig config, ObjectMapper mapper, Vertx vertx) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.sender = sender;
        this.config = config;
        this.mapper = mapper;
        this.vertx = vertx;
    }

    public Uni<WithSecret> create(Caller caller, String url, List<String> eventTypes, String description) {
        List<FieldError> errors = new ArrayList<>();
        URI uri = parseUrl(url, errors);
        List<String> types = eventTypes(eventTypes, errors);
        checkDescription(description, errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalid(errors));
        }
        return store.countEndpoints(caller.userId()).chain(count -> {
            if (count >= config.maxEndpointsPerUser()) {
                return Uni.createFrom().<Void>failure(new ServiceException(ErrorCode.CONFLICT,
                        "You already have " + count + " webhook endpoints, the most one user may register"));
            }
            return checkReachable(uri);
        }).chain(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            String secret = WebhookSigner.newSecret();
            return store.insertEndpoint(new WebhookEndpoint(UUID.randomUUID(), caller.userId(), url, description,
                            types, true, null, secret, null, null, null, now, now))
                    .invoke(dispatcher::endpointsChanged)
                    .map(endpoint -> new WithSecret(endpoint, secret));
        });
    }

    public Uni<EndpointPage> list(Caller caller, String cursor, int limit) {
        PageCursor after = cursor == null || cursor.isEmpty() ? null : PageCursor.decode(cursor);
        return store.endpoints(caller.admin() ? null : caller.userId(), after == null ? null : after.createdAt(),
                        after == null ? null : after.id(), limit + 1)
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<WebhookEndpoint> page = more ? rows.subList(0, limit) : rows;
                    WebhookEndpoint last = page.isEmpty() ? null : page.get(page.size() - 1);
                    return new EndpointPage(page, more ? new PageCursor(last.createdAt(), last.id()).encode() : null);
                });
    }

    public Uni<WebhookEndpoint> get(Caller caller, UUID id) {
        return visible(caller, id);
    }

    public Uni<WebhookEndpoint> update(Caller caller, UUID id, Change change) {
        List<FieldError> errors = new ArrayList<>();
        URI uri = change.url() == null ? null : parseUrl(change.url(), errors);
        List<String> types = change.eventTypes() == null ? null : eventTypes(change.eventTypes(), errors);
        checkDescription(change.description(), errors);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ServiceException.invalid(errors));
        }
        return visible(caller, id)
                .call(endpoint -> uri == null ? Uni.createFrom().voidItem() : checkReachable(uri))
                .chain(endpoint -> store.updateEndpoint(id, change.url(), change.description(), types, change.enabled(),
                        Instant.now()))
                .map(updated -> updated.orElseThrow(() -> ServiceException.notFound("Webhook endpoint")))
                .invoke(updated -> {
                    if (Boolean.TRUE.equals(change.enabled())) {
                        dispatcher.endpointsChanged();
                        dispatcher.wake();
                    }
                });
    }

    public Uni<Void> delete(Caller caller, UUID id) {
        return visible(caller, id).chain(endpoint -> store.deleteEndpoint(id)).replaceWithVoid();
    }

    /** A new secret; the old one also signs for {@code graceSeconds} (0: it stops at once). */
    public Uni<WithSecret> rotateSecret(Caller caller, UUID id, long graceSeconds) {
        if (graceSeconds < 0 || graceSeconds > config.maxRotationGrace().toSeconds()) {
            return Uni.createFrom().failure(ServiceException.invalid("grace_seconds",
                    "must be from 0 to " + config.maxRotationGrace().toSeconds()));
        }
        Instant now = Instant.now();
        String secret = WebhookSigner.newSecret();
        return visible(caller, id)
                .chain(endpoint -> store.rotateSecret(id, secret, graceSeconds == 0 ? null : now.plusSeconds(graceSeconds), now))
                .map(updated -> new WithSecret(updated.orElseThrow(() -> ServiceException.notFound("Webhook endpoint")), secret));
    }

    /** Queues a {@code webhook.test} message to the endpoint, whatever it subscribes to. */
    public Uni<WebhookDelivery> sendTest(Caller caller, UUID id) {
        Instant now = Instant.now();
        return visible(caller, id).chain(endpoint -> {
            ObjectNode body = mapper.createObjectNode();
            body.put("type", WebhookEventTypes.WEBHOOK_TEST);
            body.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MICROS)));
            body.putObject("data").put("endpoint_id", id.toString());
            return store.insertDelivery(id, "msg_" + UUID.randomUUID().toString().replace("-", ""),
                    WebhookEventTypes.WEBHOOK_TEST, body.toString(), now);
        }).invoke(dispatcher::wake);
    }

    public Uni<DeliveryPage> deliveries(Caller caller, UUID id, String status, String cursor, int limit) {
        String filter = deliveryStatus(status);
        Long before = deliveryCursor(cursor);
        return visible(caller, id).chain(endpoint -> store.deliveries(id, filter, before, limit + 1)).map(rows -> {
            boolean more = rows.size() > limit;
            List<WebhookDelivery> page = more ? rows.subList(0, limit) : rows;
            return new DeliveryPage(page, more ? Long.toString(page.get(page.size() - 1).id()) : null);
        });
    }

    public Uni<DeliveryDetail> delivery(Caller caller, UUID id, long deliveryId) {
        return visible(caller, id).chain(endpoint -> store.delivery(id, deliveryId))
                .map(found -> found.orElseThrow(() -> ServiceException.notFound("Webhook delivery")))
                .chain(delivery -> store.attempts(delivery.id()).map(attempts -> new DeliveryDetail(delivery, attempts)));
    }

    /** Sends a delivery again now, with a fresh schedule and the same {@code webhook-id}. */
    public Uni<WebhookDelivery> redeliver(Caller caller, UUID id, long deliveryId) {
        return visible(caller, id).chain(endpoint -> store.redeliver(id, deliveryId, Instant.now()))
                .map(found -> found.orElseThrow(() -> ServiceException.notFound("Webhook delivery")))
                .invoke(dispatcher::wake);
    }

    /** Queues again the endpoint's FAILED deliveries created since {@code since}; answers how many. */
    public Uni<Integer> recover(Caller caller, UUID id, Instant since) {
        if (since == null) {
            return Uni.createFrom().failure(ServiceException.invalid("since", "is required"));
        }
        return visible(caller, id).chain(endpoint -> store.recover(id, since, Instant.now())).invoke(dispatcher::wake);
    }

    private Uni<WebhookEndpoint> visible(Caller caller, UUID id) {
        return store.endpoint(id).map(found -> found.filter(endpoint -> caller.canAccess(endpoint.ownerId()))
                .orElseThrow(() -> ServiceException.notFound("Webhook endpoint")));
    }

    /** Resolves and checks the URL's host on a worker thread, as a send will. */
    private Uni<Void> checkReachable(URI uri) {
        PinnedHttpClient http = sender.http();
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                http.check(uri);
                return Optional.<String>empty();
            } catch (PinnedHttpClient.ForbiddenTargetException e) {
                return Optional.of("points to an internal network address, which is not allowed");
            } catch (UnknownHostException e) {
                return Optional.of("names a host that does not resolve");
            }
        }), false).chain(problem -> problem.isPresent()
                ? Uni.createFrom().<Void>failure(ServiceException.invalid("url", problem.get()))
                : Uni.createFrom().voidItem());
    }

    private static URI parseUrl(String url, List<FieldError> errors) {
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("url", "is required"));
            return null;
        }
        if (url.length() > MAX_URL_LENGTH) {
            errors.add(new FieldError("url", "must be at most " + MAX_URL_LENGTH + " characters"));
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                errors.add(new FieldError("url", "must be an http or https URL"));
            } else if (uri.getHost() == null || uri.getHost().isBlank()) {
                errors.add(new FieldError("url", "must name a host"));
            } else if (uri.getRawUserInfo() != null) {
                errors.add(new FieldError("url", "must not carry credentials"));
            } else if (uri.getRawFragment() != null) {
                errors.add(new FieldError("url", "must not have a fragment"));
            } else {
                return uri;
            }
        } catch (URISyntaxException e) {
            errors.add(new FieldError("url", "is not a valid URL"));
        }
        return null;
    }

    private static List<String> eventTypes(List<String> types, List<FieldError> errors) {
        if (types == null || types.isEmpty()) {
            errors.add(new FieldError("event_types", "must name at least one of " + WebhookEventTypes.SUBSCRIBABLE));
            return null;
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String type : types) {
            if (!WebhookEventTypes.SUBSCRIBABLE.contains(type)) {
                errors.add(new FieldError("event_types", "has " + type + ", which is not one of " + WebhookEventTypes.SUBSCRIBABLE));
                return null;
            }
            unique.add(type);
        }
        return List.copyOf(unique);
    }

    private static void checkDescription(String description, List<FieldError> errors) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
    }

    private static String deliveryStatus(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        String upper = status.toUpperCase(Locale.ROOT);
        if (!DELIVERY_STATUSES.contains(upper)) {
            throw ServiceException.invalid("status", "must be one of " + String.join(", ", DELIVERY_STATUSES));
        }
        return upper;
    }

    private static Long deliveryCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw ServiceException.invalid("cursor", "is not a cursor this service issued");
        }
    }
}
