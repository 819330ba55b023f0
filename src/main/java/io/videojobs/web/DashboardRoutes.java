package io.videojobs.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Serves the dashboard's index page for its client-side routes ({@code /jobs/<id>}, {@code /operator}, {@code /webhooks}), so a
 * reload or a shared link opens the app. Quinoa's own SPA fallback never runs here: the JSON 404 mapping of
 * unmatched REST routes answers first. Only these paths are rerouted; every other unknown path keeps its JSON 404.
 */
@ApplicationScoped
public class DashboardRoutes {

    private static final Pattern CLIENT_ROUTES = Pattern.compile("/jobs/[0-9a-fA-F-]{36}|/operator|/webhooks");

    void register(@Observes Router router) {
        router.getWithRegex(CLIENT_ROUTES.pattern()).handler(context -> context.reroute("/"));
    }
}
