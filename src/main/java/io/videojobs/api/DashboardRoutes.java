package io.videojobs.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * SPA routing for the dashboard that Quinoa serves at {@code /}: a browser opening a deep link such as
 * {@code /jobs/<id>} gets the dashboard's index page, which then routes on the client. Quinoa's own SPA routing
 * cannot do it here, because the REST layer serves the root path and answers unknown paths with a JSON 404 first.
 * Only page navigations are rerouted (GET or HEAD accepting text/html, no file extension); the API, /ws, /q, /dev
 * and /asyncapi.yaml ({@code quarkus.quinoa.ignored-path-prefixes}) are never touched.
 */
@ApplicationScoped
public class DashboardRoutes {

    /** After the body-size checks, before routing. */
    private static final int PRIORITY = 900;

    private final List<String> ignoredPrefixes;

    public DashboardRoutes(@ConfigProperty(name = "quarkus.quinoa.ignored-path-prefixes") List<String> ignoredPrefixes) {
        this.ignoredPrefixes = ignoredPrefixes;
    }

    void register(@Observes Filters filters) {
        filters.register(this::route, PRIORITY);
    }

    private void route(RoutingContext context) {
        if (isPageNavigation(context)) {
            context.reroute("/");
        } else {
            context.next();
        }
    }

    private boolean isPageNavigation(RoutingContext context) {
        HttpMethod method = context.request().method();
        String path = context.normalizedPath();
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        return (method == HttpMethod.GET || method == HttpMethod.HEAD)
                && !path.equals("/")
                && accept != null && accept.contains("text/html")
                && !path.substring(path.lastIndexOf('/') + 1).contains(".")
                && ignoredPrefixes.stream().noneMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }
}
