package io.videojobs.realtime;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;

/** Real HS256 tokens signed with the %test secret, as Supabase would issue them. */
final class TestTokens {

    static final String SECRET = "test-only-secret-for-hs256-tokens-0123456789abcdef";
    static final String ISSUER = "https://test.supabase.co/auth/v1";

    private TestTokens() {
    }

    static String user(String subject) {
        return expiringIn(subject, 3600);
    }

    static String admin(String subject) {
        return Jwt.subject(subject).issuer(ISSUER).audience("authenticated")
                .groups(Set.of("authenticated", "admin")).expiresIn(3600).signWithSecret(SECRET);
    }

    static String expiringIn(String subject, long seconds) {
        return Jwt.subject(subject).issuer(ISSUER).audience("authenticated")
                .groups(Set.of("authenticated")).expiresIn(seconds).signWithSecret(SECRET);
    }

    static String expired(String subject) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.subject(subject).issuer(ISSUER).audience("authenticated").groups(Set.of("authenticated"))
                .issuedAt(now - 7200).expiresAt(now - 3600).signWithSecret(SECRET);
    }

    static String signedWithWrongSecret(String subject) {
        return Jwt.subject(subject).issuer(ISSUER).audience("authenticated").groups(Set.of("authenticated"))
                .expiresIn(3600).signWithSecret("another-secret-that-is-long-enough-0123456789abcdef");
    }
}
