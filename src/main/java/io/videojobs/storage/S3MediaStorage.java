package io.videojobs.storage;

import io.videojobs.config.StorageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link MediaStorage} in a bucket of an S3-compatible store ({@code video-jobs.storage.type=s3}): AWS S3, Google Cloud
 * Storage's XML API, Cloudflare R2, MinIO. Every replica reads and writes the same bucket, so no pod keeps anything a
 * job needs, and browsers read objects straight from the store through presigned URLs.
 *
 * <p>It builds its own client rather than using the extension's bean, which would exist in local mode too and has no
 * checksum setting: since 2.30 the SDK adds CRC checksums to every request it can, which GCS and R2 refuse and which a
 * presigned PUT from a browser cannot carry, so both checksum modes are {@code WHEN_REQUIRED}. Presigned URLs are
 * credentials: nothing here logs them or puts them in an exception's message.
 */
class S3MediaStorage implements MediaStorage, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3MediaStorage.class);
    /** DeleteObjects takes at most this many keys. */
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String keyPrefix;
    private final Duration getTtl;
    /** Cleared once the store answers that it has no multi-object delete (GCS's XML API); single deletes from then on. */
    private volatile boolean batchDeletes = true;

    S3MediaStorage(StorageConfig config) {
        StorageConfig.S3 s3Config = config.s3();
        this.bucket = s3Config.bucket().filter(name -> !name.isBlank()).orElseThrow(() -> new IllegalStateException(
                "video-jobs.storage.s3.bucket must be set when video-jobs.storage.type=s3"));
        this.keyPrefix = s3Config.keyPrefix().orElse("");
        this.getTtl = s3Config.presignedGetTtl();
        AwsCredentialsProvider credentials = credentials(s3Config);
        Region region = Region.of(s3Config.region());
        S3Configuration service = S3Configuration.builder().pathStyleAccessEnabled(s3Config.pathStyle()).build();
        var client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(service)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        s3Config.endpointOverride().ifPresent(client::endpointOverride);
        this.s3 = client.build();
        var signer = S3Presigner.builder().region(region).credentialsProvider(credentials).serviceConfiguration(service);
        s3Config.publicEndpoint().or(s3Config::endpointOverride).ifPresent(signer::endpointOverride);
        this.presigner = signer.build();
        LOG.infof("Media storage: bucket %s%s%s", bucket, keyPrefix.isEmpty() ? "" : " under " + keyPrefix,
                s3Config.endpointOverride().map(endpoint -> " at " + endpoint).orElse(""));
    }

    private static AwsCredentialsProvider credentials(StorageConfig.S3 config) {
        if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public Path put(String key, Path file, String contentType) throws IOException {
        call("store " + key, () -> s3.putObject(put -> put.bucket(bucket).key(keyPrefix + key).contentType(contentType),
                RequestBody.fromFile(file)));
        return file;
    }

    @Override
    public InputStream open(String key) throws IOException {
        return call("read " + key, () -> s3.getObject(get -> get.bucket(bucket).key(keyPrefix + key)));
    }

    @Override
    public Path localFile(String key, Path downloadTo) throws IOException {
        Files.deleteIfExists(downloadTo);
        call("download " + key, () -> s3.getObject(get -> get.bucket(bucket).key(keyPrefix + key),
                ResponseTransformer.toFile(downloadTo)));
        return downloadTo;
    }

    @Override
    public long size(String key) throws IOException {
        return call("look up " + key, () -> s3.headObject(head -> head.bucket(bucket).key(keyPrefix + key))).contentLength();
    }

    @Override
    public Optional<URI> directReadUrl(String key, String contentType) {
        return Optional.of(uri(presigner.presignGetObject(presign -> presign.signatureDuration(getTtl)
                .getObjectRequest(get -> get.bucket(bucket).key(keyPrefix + key).responseContentType(contentType))).url()));
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        String fullPrefix = keyPrefix + prefix;
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call("list " + prefix, () -> s3.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(bucket).prefix(fullPrefix).continuationToken(continuation).build()));
            List<String> keys = page.contents().stream().map(S3Object::key).toList();
            for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
                delete(keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    /** Deletes full keys: in one request where the store has multi-object delete, else one at a time. */
    private void delete(List<String> keys) throws IOException {
        if (batchDeletes && keys.size() > 1) {
            try {
                List<ObjectIdentifier> ids = new ArrayList<>();
                keys.forEach(key -> ids.add(ObjectIdentifier.builder().key(key).build()));
                DeleteObjectsResponse response = s3.deleteObjects(delete -> delete.bucket(bucket)
                        .delete(Delete.builder().objects(ids).quiet(true).build()));
                if (response.hasErrors() && !response.errors().isEmpty()) {
                    throw new StorageUnavailableException("The store kept " + response.errors().size()
                            + " object(s) under a deleted prefix (" + response.errors().get(0).code() + ")", null);
                }
                return;
            } catch (S3Exception e) {
                if (!noMultiObjectDelete(e)) {
                    throw translate("delete " + keys.size() + " objects", e);
                }
                LOG.infof("The store has no multi-object delete (%s); deleting objects one at a time",
                        e.awsErrorDetails() == null ? e.statusCode() : e.awsErrorDetails().errorCode());
                batchDeletes = false;
            } catch (SdkException e) {
                throw translate("delete " + keys.size() + " objects", e);
            }
        }
        for (String key : keys) {
            call("delete " + key, () -> s3.deleteObject(delete -> delete.bucket(bucket).key(key)));
        }
    }

    @Override
    public String startMultipart(String key, String contentType) throws IOException {
        return call("start an upload of " + key, () -> s3.createMultipartUpload(create -> create.bucket(bucket)
                .key(keyPrefix + key).contentType(contentType))).uploadId();
    }

    @Override
    public Optional<URI> partUploadUrl(String key, String uploadId, int partNumber, Duration ttl) {
        return Optional.of(uri(presigner.presignUploadPart(presign -> presign.signatureDuration(ttl)
                .uploadPartRequest(part -> part.bucket(bucket).key(keyPrefix + key).uploadId(uploadId)
                        .partNumber(partNumber))).url()));
    }

    @Override
    public String putPart(String key, String uploadId, int partNumber, InputStream content, long length) throws IOException {
        return call("store part " + partNumber + " of " + key, () -> s3.uploadPart(part -> part.bucket(bucket)
                        .key(keyPrefix + key).uploadId(uploadId).partNumber(partNumber),
                RequestBody.fromInputStream(content, length))).eTag();
    }

    @Override
    public List<StoredPart> parts(String key, String uploadId) throws IOException {
        List<StoredPart> parts = new ArrayList<>();
        Integer marker = null;
        do {
            Integer after = marker;
            ListPartsResponse page = call("list the parts of " + key, () -> s3.listParts(list -> list.bucket(bucket)
                    .key(keyPrefix + key).uploadId(uploadId).partNumberMarker(after)));
            page.parts().forEach(part -> parts.add(new StoredPart(part.partNumber(), part.size(), part.eTag())));
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.nextPartNumberMarker() : null;
        } while (marker != null);
        return parts;
    }

    @Override
    public void completeMultipart(String key, String uploadId, List<StoredPart> parts) throws IOException {
        List<CompletedPart> completed = parts.stream().map(part -> CompletedPart.builder().partNumber(part.partNumber())
                .eTag(part.etag()).build()).toList();
        call("join the parts of " + key, () -> s3.completeMultipartUpload(complete -> complete.bucket(bucket)
                .key(keyPrefix + key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build())));
    }

    @Override
    public void abortMultipart(String key, String uploadId) throws IOException {
        try {
            call("abort the upload of " + key, () -> s3.abortMultipartUpload(abort -> abort.bucket(bucket)
                    .key(keyPrefix + key).uploadId(uploadId)));
        } catch (NoSuchFileException e) {
            // already completed or aborted
        }
    }

    @Override
    public List<Map.Entry<String, String>> multipartsStartedBefore(String prefix, Instant before) throws IOException {
        List<Map.Entry<String, String>> old = new ArrayList<>();
        try {
            s3.listMultipartUploadsPaginator(list -> list.bucket(bucket).prefix(keyPrefix + prefix)).uploads()
                    .forEach(upload -> {
                        if (upload.initiated() != null && upload.initiated().isBefore(before)) {
                            old.add(Map.entry(upload.key().substring(keyPrefix.length()), upload.uploadId()));
                        }
                    });
        } catch (SdkException e) {
            throw translate("list the multipart uploads", e);
        }
        return old;
    }

    private static URI uri(java.net.URL url) {
        try {
            return url.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("The presigner made an invalid URL", e);
        }
    }

    private static boolean noMultiObjectDelete(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e.statusCode() == 501 || "NotImplemented".equals(code) || e.statusCode() == 405;
    }

    /** A call to the store, its failures as {@link IOException}s the rest of the service understands. */
    private static <T> T call(String what, SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    /**
     * A missing object is a {@link NoSuchFileException}; an unreachable or failing store (no connection, 5xx, throttling)
     * is a {@link StorageUnavailableException}, which the engine waits out; anything else (refused credentials, a missing
     * bucket) is a plain {@link IOException}. The messages carry the S3 error code, never a URL.
     */
    private static IOException translate(String what, SdkException e) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            int status = s3.statusCode();
            if (status == 404 && !"NoSuchBucket".equals(code)) {
                NoSuchFileException missing = new NoSuchFileException(what);
                missing.initCause(e);
                return missing;
            }
            String failure = "Cannot " + what + ": the store answered " + status + (code == null ? "" : " " + code);
            return status >= 500 || status == 429 || status == 408
                    ? new StorageUnavailableException(failure, e) : new IOException(failure, e);
        }
        if (e instanceof SdkClientException) {
            return new StorageUnavailableException("Cannot " + what + ": the store is unreachable ("
                    + e.getMessage() + ")", e);
        }
        return new IOException("Cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run();
    }
}
