package io.videojobs.config;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's title and its security schemes: the bearer JWT every job operation takes, and the signed
 * link (expires and signature query parameters) that also opens a thumbnail or the source video.
 */
@OpenAPIDefinition(info = @Info(title = "video-jobs API", version = "1.0",
        description = "Submit video-processing jobs, read their state and poll their event log. "
                + "Live updates of the same events stream over the /ws WebSocket (see /asyncapi.yaml)."))
@SecurityScheme(securitySchemeName = OpenApiDefinition.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A Supabase-style JWT: Authorization: Bearer <jwt>")
@SecurityScheme(securitySchemeName = OpenApiDefinition.SIGNED_LINK, type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.QUERY, apiKeyName = "signature",
        description = "The signature (with its expires parameter) of a signed thumbnail_url or video_url")
public class OpenApiDefinition extends Application {

    /** The bearer-token security scheme's name in the document. */
    public static final String BEARER = "bearer";
    /** The signed-link security scheme's name in the document. */
    public static final String SIGNED_LINK = "signedLink";
}
