package io.videojobs.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.videojobs.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Gives the {@link Caller} of the current request, from its verified security identity. */
@ApplicationScoped
public class CurrentCaller {

    private final SecurityIdentity identity;
    private final AuthConfig config;

    public CurrentCaller(SecurityIdentity identity, AuthConfig config) {
        this.identity = identity;
        this.config = config;
    }

    public Caller get() {
        return of(identity);
    }

    /** The caller behind an identity verified outside a request scope, such as a WebSocket upgrade. */
    public Caller of(SecurityIdentity verified) {
        if (verified == null || verified.isAnonymous()) {
            throw new AuthenticationFailedException("No authenticated user");
        }
        return new Caller(verified.getPrincipal().getName(), verified.hasRole(config.adminRole()));
    }
}
