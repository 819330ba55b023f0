package io.videojobs.job;

import io.videojobs.config.JobsConfig;
import io.videojobs.error.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Decides which video URLs a job may be submitted with. */
@ApplicationScoped
public class SourceUrlPolicy {

    private static final String FIELD = "source_url";

    private final JobsConfig config;

    public SourceUrlPolicy(JobsConfig config) {
        this.config = config;
    }

    /** Rejects a URL that is missing, too long, not absolute http(s), or carries credentials. */
    public void check(String sourceUrl) {
        if (sourceUrl == null || sourceUrl.isBlank()) {
            throw ServiceException.invalid(FIELD, "is required");
        }
        if (sourceUrl.length() > config.maxSourceUrlLength()) {
            throw ServiceException.invalid(FIELD, "must be at most " + config.maxSourceUrlLength() + " characters");
        }
        URI uri;
        try {
            uri = new URI(sourceUrl);
        } catch (URISyntaxException e) {
            throw ServiceException.invalid(FIELD, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ServiceException.invalid(FIELD, "must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ServiceException.invalid(FIELD, "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ServiceException.invalid(FIELD, "must not carry credentials");
        }
    }
}
