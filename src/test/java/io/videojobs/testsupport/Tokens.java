package io.videojobs.testsupport;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;

/** Real HS256 bearer tokens signed with the test profile's secret. */
public final class Tokens {

    private static final String SECRET = "test-only-secret-for-hs256-tokens-0123456789abcdef";
    private static final String ISSUER = "https://test.supabase.co/auth/v1";

    private Tokens() {
    }

    public static String of(String user) {
        return Jwt.subject(user).issuer(ISSUER).audience("authenticated").groups(Set.of("authenticated"))
                .expiresIn(3600).signWithSecret(SECRET);
    }
}
