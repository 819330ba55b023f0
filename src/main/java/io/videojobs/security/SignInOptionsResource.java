package io.videojobs.security;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Tells a sign-in page, before anyone is signed in, whether this build offers one-click dev sign-in. It exists in
 * every build so the dashboard can ask without a failing request: probing {@code /dev/token} itself would answer
 * 404 in prod, and the browser logs every 404 as a console error.
 */
@Path("/api/sign-in-options")
@PermitAll
@Tag(name = "Auth")
public class SignInOptionsResource {

    private final boolean devSignIn;

    public SignInOptionsResource(Instance<DevTokenResource> devTokenResource) {
        this.devSignIn = devTokenResource.isResolvable();
    }

    /** What a sign-in page may offer besides a pasted JWT. */
    @RegisterForReflection
    public record SignInOptions(@Schema(required = true) boolean devSignIn) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSignInOptions", summary = "Whether this build offers dev sign-in through /dev/token",
            description = "Needs no token: a sign-in page asks it before anyone is signed in.")
    @SecurityRequirementsSet
    @APIResponse(responseCode = "200", description = "The sign-in options",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignInOptions.class)))
    public SignInOptions options() {
        return new SignInOptions(devSignIn);
    }
}
