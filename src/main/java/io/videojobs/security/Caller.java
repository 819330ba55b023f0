package io.videojobs.security;

/** The authenticated user behind a request: the token's {@code sub}, and whether they are an admin. */
public record Caller(String userId, boolean admin) {

    /** Whether this caller may see a resource owned by {@code ownerId}. */
    public boolean canAccess(String ownerId) {
        return admin || userId.equals(ownerId);
    }
}
