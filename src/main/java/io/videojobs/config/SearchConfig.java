package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How much work one search ({@code GET /api/search}) may do, whatever the query: a word that every video says must
 * not make a search rank every job of a large account.
 */
@ConfigMapping(prefix = "video-jobs.search")
public interface SearchConfig {

    /**
     * Most matching jobs a search considers. Over that, which ones it considers is up to the index (the answer is then
     * the best among those); up to that, it is exact.
     */
    @WithDefault("10000")
    int maxMatches();

    /**
     * Most matching jobs a search ranks by what was said in them: those that rank best by title, tags and description,
     * then the newest. The page answered is the best of these.
     */
    @WithDefault("100")
    int rankedJobs();
}
