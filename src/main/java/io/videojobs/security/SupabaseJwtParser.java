package io.videojobs.security;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.videojobs.config.AuthConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies bearer tokens the way Supabase issues them: HS256 with the project's shared secret,
 * and RS256/ES256 with keys from a JWKS URL. A project that migrates its signing keys sees both at
 * once, so the token header's {@code alg} picks the verifier.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class SupabaseJwtParser implements JWTParser {

    private static final int CACHE_LIMIT = 10_000;

    private final DefaultJWTParser hmacParser;
    private final DefaultJWTParser jwksParser;
    private final int clockSkewSeconds;
    private final ConcurrentMap<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    public SupabaseJwtParser(AuthConfig config) {
        this.hmacParser = config.jwtSecret()
                .map(secret -> new DefaultJWTParser(hmacContext(config, secret)))
                .orElse(null);
        this.jwksParser = config.jwksUrl()
                .map(url -> new DefaultJWTParser(jwksContext(config, url)))
                .orElse(null);
        this.clockSkewSeconds = config.clockSkewSeconds();
    }

    /**
     * Verifies a token, remembering verified tokens until they expire: a client sends the same token with
     * every request, and verifying a signature costs far more than a lookup. The cache is bounded.
     */
    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.get(token);
        long now = System.currentTimeMillis() / 1000;
        if (known != null) {
            if (known.getExpirationTime() + clockSkewSeconds > now) {
                return known;
            }
            verified.remove(token);
        }
        JsonWebToken parsed = parserFor(token).parse(token);
        if (verified.size() >= CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(token, parsed);
        return parsed;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parserFor(token).parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parserFor(token).verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parserFor(token).verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parserFor(token).verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        throw new ParseException("Encrypted tokens are not accepted");
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        throw new ParseException("Encrypted tokens are not accepted");
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        throw new ParseException("Encrypted tokens are not accepted");
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parserFor(token).parseOnly(token);
    }

    private DefaultJWTParser parserFor(String token) throws ParseException {
        DefaultJWTParser parser = algorithmOf(token).startsWith("HS") ? hmacParser : jwksParser;
        if (parser == null) {
            throw new ParseException("No verification key is configured for this token's algorithm");
        }
        return parser;
    }

    private static String algorithmOf(String token) throws ParseException {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw new ParseException("Malformed token");
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            int alg = header.indexOf("\"alg\"");
            int start = header.indexOf('"', header.indexOf(':', alg) + 1);
            int end = header.indexOf('"', start + 1);
            if (alg < 0 || start < 0 || end < 0) {
                throw new ParseException("Token header has no algorithm");
            }
            return header.substring(start + 1, end);
        } catch (IllegalArgumentException e) {
            throw new ParseException("Malformed token header");
        }
    }

    private static JWTAuthContextInfo hmacContext(AuthConfig config, String secret) {
        JWTAuthContextInfo context = baseContext(config);
        SecretKey key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        context.setSecretVerificationKey(key);
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        return context;
    }

    private static JWTAuthContextInfo jwksContext(AuthConfig config, String url) {
        JWTAuthContextInfo context = baseContext(config);
        context.setPublicKeyLocation(url);
        context.setSignatureAlgorithm(EnumSet.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256));
        return context;
    }

    private static JWTAuthContextInfo baseContext(AuthConfig config) {
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        config.issuer().ifPresent(context::setIssuedBy);
        config.audience().ifPresent(aud -> context.setExpectedAudience(Set.of(aud)));
        context.setGroupsPath(config.rolesClaim());
        context.setClockSkew(config.clockSkewSeconds());
        context.setRequiredClaims(Set.of("sub", "exp"));
        return context;
    }
}
