package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** How bearer tokens are verified: Supabase-style HS256 secrets and/or RS256/ES256 keys from a JWKS URL. */
@ConfigMapping(prefix = "video-jobs.auth")
public interface AuthConfig {

    /** Shared secret for HS256 tokens (Supabase's "JWT secret"). Unset disables HS256. */
    Optional<String> jwtSecret();

    /** JWKS URL (or file/classpath location) for RS256 and ES256 tokens. Unset disables them. */
    Optional<String> jwksUrl();

    /** Expected {@code iss} claim; unset accepts any issuer. */
    Optional<String> issuer();

    /** Expected {@code aud} claim (Supabase uses {@code authenticated}); unset accepts any audience. */
    Optional<String> audience();

    /** Claim path holding the caller's roles, for example {@code app_metadata/roles}. */
    @WithDefault("groups")
    String rolesClaim();

    /** Role that may see and manage every user's jobs. */
    @WithDefault("admin")
    String adminRole();

    /** Allowed clock skew in seconds when checking {@code exp}. */
    @WithDefault("30")
    int clockSkewSeconds();
}
