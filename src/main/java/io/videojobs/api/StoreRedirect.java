package io.videojobs.api;

import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The answer of a media link when the object is in a bucket: a redirect to a presigned URL of the store, so the bytes
 * go from the store to the browser, not through the service. The presigned URL lives for minutes
 * ({@code video-jobs.storage.s3.presigned-get-ttl}); the redirect may be cached for one.
 */
final class StoreRedirect {

    static final String DESCRIPTION = "With s3 storage: the object is read from the store, at a presigned URL valid for "
            + "minutes (it honours Range the same way)";
    static final String LOCATION = "The presigned URL of the object";

    private StoreRedirect() {
    }

    static <T> RestResponse<T> to(URI location) {
        return RestResponse.ResponseBuilder.<T>create(RestResponse.Status.FOUND).location(location)
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=60").build();
    }
}
