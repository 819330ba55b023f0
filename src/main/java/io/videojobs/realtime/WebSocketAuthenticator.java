package io.videojobs.realtime;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.videojobs.config.AuthConfig;
import io.videojobs.security.Caller;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Authenticates the WebSocket upgrade with the same JWTs as the REST API. The token comes from the
 * {@code Authorization: Bearer} header (also filled from the {@code quarkus-http-upgrade#Authorization#...}
 * subprotocol form by Quarkus) or the {@code access_token} query parameter. A missing, invalid or expired
 * token answers 401 and no socket opens; a user or IP over its connection limit answers 429.
 *
 * <p>Tokens are verified on a worker thread, but the result is delivered on the request's event loop: Quarkus
 * upgrades the socket on the thread that delivers it and attaches the frame handlers only afterwards, and Vert.x
 * drops a frame that finds no handler. From a worker, the event loop could finish the handshake and read the
 * client's first frame (an immediate {@code subscribe}) in between; on the event loop, the upgrade and the
 * handlers happen in one task, before the next read.
 */
@ApplicationScoped
public class WebSocketAuthenticator implements HttpUpgradeCheck {

    /** The authenticated caller of a connection, put in its user data during the upgrade. */
    record Authenticated(Caller caller, String remoteIp, long expiresAtMillis) {
    }

    static final UserData.TypedKey<Authenticated> AUTHENTICATED = new UserData.TypedKey<>("video-jobs.authenticated");

    private static final Map<String, List<String>> CHALLENGE = Map.of("WWW-Authenticate", List.of("Bearer"));

    private final JWTParser parser;
    private final AuthConfig authConfig;
    private final SessionRegistry sessions;
    private final RealtimeMetrics metrics;

    public WebSocketAuthenticator(JWTParser parser, AuthConfig authConfig, SessionRegistry sessions,
                                  RealtimeMetrics metrics) {
        this.parser = parser;
        this.authConfig = authConfig;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return endpointId.equals(JobUpdatesSocket.class.getName());
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String token = tokenOf(request);
        if (token == null) {
            return CheckResult.rejectUpgrade(401, CHALLENGE);
        }
        String ip = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        Context eventLoop = Vertx.currentContext();
        return Uni.createFrom().item(() -> verify(token))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> eventLoop.runOnContext(ignored -> task.run()))
                .map(jwt -> {
                    long expiresAt = jwt.getExpirationTime() * 1000;
                    if (expiresAt <= System.currentTimeMillis()) {
                        return CheckResult.rejectUpgradeSync(401, CHALLENGE);
                    }
                    Caller caller = new Caller(jwt.getSubject(), jwt.getGroups().contains(authConfig.adminRole()));
                    if (!sessions.hasRoomFor(caller.userId(), ip)) {
                        metrics.connectionLimited();
                        return CheckResult.rejectUpgradeSync(429);
                    }
                    context.userData().put(AUTHENTICATED, new Authenticated(caller, ip, expiresAt));
                    return CheckResult.permitUpgradeSync();
                })
                .onFailure().recoverWithItem(failure -> CheckResult.rejectUpgradeSync(401, CHALLENGE));
    }

    private JsonWebToken verify(String token) {
        try {
            return parser.parse(token);
        } catch (Exception e) {
            throw new IllegalArgumentException("Invalid token", e);
        }
    }

    private static String tokenOf(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
            return header.substring(7).trim();
        }
        String query = request.getParam("access_token");
        return query == null || query.isBlank() ? null : query.trim();
    }
}
