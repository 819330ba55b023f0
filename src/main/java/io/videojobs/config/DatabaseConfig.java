package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the reactive database client that Quarkus does not expose. */
@ConfigMapping(prefix = "video-jobs.database")
public interface DatabaseConfig {

    /**
     * Longest SQL text, in characters, whose prepared statement the client keeps per connection. Vert.x's own default
     * (2,048) is shorter than the search statement: a statement over the limit is parsed and planned anew on every
     * execution.
     */
    @WithDefault("16384")
    int cachedStatementMaxLength();
}
