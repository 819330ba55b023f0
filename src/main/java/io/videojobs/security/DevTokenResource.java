package io.videojobs.security;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.videojobs.config.AuthConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Mints an HS256 token signed with the configured secret, so a newcomer can call the API in one
 * step. It exists only in builds made with the build-time property {@value #BUILD_PROPERTY} set to {@code true}: the
 * dev profile sets it, and a test profile may; a prod build does not contain this endpoint at all.
 */
@IfBuildProperty(name = DevTokenResource.BUILD_PROPERTY, stringValue = "true")
@Path("/dev/token")
@PermitAll
@Tag(name = "Dev")
public class DevTokenResource {

    static final String BUILD_PROPERTY = "video-jobs.dev-token-endpoint";
    private static final long LIFESPAN_SECONDS = 8 * 3600;

    private final AuthConfig config;

    public DevTokenResource(AuthConfig config) {
        this.config = config;
    }

    /** The token response, shaped like an OAuth token endpoint's. */
    @RegisterForReflection
    public record DevToken(String accessToken, String tokenType, long expiresIn, String sub, boolean admin) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a dev token (dev mode only)")
    public DevToken token(@RestQuery String sub, @RestQuery boolean admin) {
        String subject = sub == null || sub.isBlank() ? "dev-user" : sub;
        JwtClaimsBuilder claims = Jwt.subject(subject).expiresIn(LIFESPAN_SECONDS)
                .groups(admin ? Set.of("authenticated", config.adminRole()) : Set.of("authenticated"));
        config.issuer().ifPresent(claims::issuer);
        config.audience().ifPresent(claims::audience);
        String secret = config.jwtSecret().orElseThrow(() -> new IllegalStateException("video-jobs.auth.jwt-secret is not set"));
        return new DevToken(claims.signWithSecret(secret), "Bearer", LIFESPAN_SECONDS, subject, admin);
    }
}
