package io.videojobs.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.security.PrivateKey;
import java.util.Set;

/** Signs real JWTs the way Supabase would, with the keys the test profile trusts. */
public final class TestTokens {

    public static final String SECRET = "test-only-secret-for-hs256-tokens-0123456789abcdef";
    public static final String ISSUER = "https://test.supabase.co/auth/v1";
    public static final String AUDIENCE = "authenticated";

    private TestTokens() {
    }

    public static String user(String sub) {
        return claims(sub, Set.of("authenticated")).signWithSecret(SECRET);
    }

    public static String expiringIn(String sub, long seconds) {
        return Jwt.subject(sub).issuer(ISSUER).audience(AUDIENCE).groups(Set.of("authenticated")).expiresIn(seconds)
                .signWithSecret(SECRET);
    }

    public static String admin(String sub) {
        return claims(sub, Set.of("authenticated", "admin")).signWithSecret(SECRET);
    }

    public static String expired(String sub) {
        long past = System.currentTimeMillis() / 1000 - 3600;
        return Jwt.subject(sub).issuer(ISSUER).audience(AUDIENCE).issuedAt(past - 60).expiresAt(past)
                .signWithSecret(SECRET);
    }

    public static String signedWithOtherSecret(String sub) {
        return claims(sub, Set.of("authenticated")).signWithSecret("another-secret-that-is-long-enough-0123456789");
    }

    public static String wrongIssuer(String sub) {
        return Jwt.subject(sub).issuer("https://evil.example/auth/v1").audience(AUDIENCE).expiresIn(3600)
                .signWithSecret(SECRET);
    }

    /** RS256, verified through the test JWKS (kid test-rsa-1). */
    public static String rs256(String sub) {
        try {
            PrivateKey key = KeyUtils.readPrivateKey("/test-rsa-private.pem");
            return claims(sub, Set.of("authenticated")).jws().keyId("test-rsa-1").sign(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaimsBuilder claims(String sub, Set<String> groups) {
        return Jwt.subject(sub).issuer(ISSUER).audience(AUDIENCE).groups(groups).expiresIn(3600);
    }
}
