package io.videojobs.it;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;

/** Real HS256 bearer tokens signed with the %test secret, as Supabase would issue them. */
final class ItTokens {

    static final String SECRET = "test-only-secret-for-hs256-tokens-0123456789abcdef";
    static final String ISSUER = "https://test.supabase.co/auth/v1";

    private ItTokens() {
    }

    static String forUser(String userId) {
        return Jwt.subject(userId)
                .issuer(ISSUER)
                .audience("authenticated")
                .groups(Set.of("authenticated"))
                .expiresIn(3600)
                .signWithSecret(SECRET);
    }
}
