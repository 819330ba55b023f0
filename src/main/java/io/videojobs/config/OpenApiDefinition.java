package io.videojobs.config;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI document's title and the bearer-token scheme every job operation uses. */
@OpenAPIDefinition(info = @Info(title = "video-jobs API", version = "1.0",
        description = "Submit video-processing jobs, read their state and poll their event log. "
                + "Live updates of the same events stream over the /ws WebSocket."))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class OpenApiDefinition extends Application {
}
