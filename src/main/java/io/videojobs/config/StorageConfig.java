package io.videojobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where media and thumbnails are stored (a local directory, or an S3-compatible bucket), how links to them are
 * signed, and how failed deletes are retried. With {@code type=local} (the default) nothing under {@code s3} is read.
 */
@ConfigMapping(prefix = "video-jobs.storage")
public interface StorageConfig {

    /** The kinds of store. */
    enum Type { LOCAL, S3 }

    /** {@code local}: a directory of this instance; {@code s3}: a bucket of an S3-compatible store, shared by every replica. */
    @WithDefault("local")
    Type type();

    /** Directory of the local-filesystem storage. */
    @WithDefault("data/media")
    String directory();

    /**
     * HMAC key that signs thumbnail and source-video links. Every instance behind one load balancer needs the same key;
     * when unset each instance makes a random one, so its links only work on that instance until restart.
     */
    Optional<String> urlSigningKey();

    /** How long a signed thumbnail or source-video link works. */
    @WithDefault("24h")
    Duration signedUrlTtl();

    /** How often recorded deletes that failed (the store was unreachable) are tried again. */
    @WithDefault("30s")
    Duration deleteRetryInterval();

    /** The longest wait between two tries of a failed delete; the wait doubles from the interval up to it. */
    @WithDefault("15m")
    Duration deleteRetryMaxDelay();

    /**
     * The {@code Retry-After} of a request answered {@code 503 STORAGE_UNAVAILABLE} because the store could not be
     * reached.
     */
    @WithDefault("5s")
    Duration unavailableRetryAfter();

    /** The bucket, used when {@code type=s3}. */
    S3 s3();

    /** An S3-compatible store: AWS S3, Google Cloud Storage (XML API), Cloudflare R2, MinIO. */
    interface S3 {

        /** The bucket; required with {@code type=s3}. */
        Optional<String> bucket();

        /** Prefix of every key the service writes, e.g. {@code video-jobs/}; unset for the bucket's root. */
        Optional<String> keyPrefix();

        /** The signing region ({@code auto} for R2; any region for MinIO and GCS). */
        @WithDefault("us-east-1")
        String region();

        /** The store's endpoint, e.g. {@code https://storage.googleapis.com}; AWS's own endpoint when unset. */
        Optional<URI> endpointOverride();

        /** Path-style URLs ({@code endpoint/bucket/key}), as MinIO and most self-hosted stores need. */
        @WithDefault("false")
        boolean pathStyle();

        /**
         * The endpoint browsers reach, for presigned URLs handed to them, when it differs from the one the service
         * uses (an in-cluster endpoint); the service's endpoint when unset.
         */
        Optional<URI> publicEndpoint();

        /** Access key id; with the secret unset too, the SDK's default chain (environment, profile, IAM role) is used. */
        Optional<String> accessKeyId();

        /** Secret access key. */
        Optional<String> secretAccessKey();

        /** How long a presigned URL the service redirects a browser to stays valid; keep it over a minute, since the redirect may be cached for one. */
        @WithDefault("10m")
        Duration presignedGetTtl();
    }
}
