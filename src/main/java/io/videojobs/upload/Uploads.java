package io.videojobs.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.videojobs.config.UploadsConfig;
import io.videojobs.error.ErrorCode;
import io.videojobs.error.FieldError;
import io.videojobs.error.ServiceException;
import io.videojobs.job.JobOptions;
import io.videojobs.job.JobReader;
import io.videojobs.job.JobSubmissions;
import io.videojobs.job.StageId;
import io.videojobs.job.SubmitJobCommand;
import io.videojobs.job.SubmitResult;
import io.videojobs.job.UploadedMedia;
import io.videojobs.security.Caller;
import io.videojobs.security.SubmissionRateLimiter;
import io.videojobs.security.ThumbnailLinks;
import io.videojobs.storage.MediaStorage;
import io.videojobs.storage.MediaStorage.StoredPart;
import io.videojobs.storage.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Resumable direct uploads, the same in both storage types: the client sends the file in parts straight to the
 * store (presigned S3 UploadPart URLs, or with local storage the service's own signed part URLs), asks the store
 * (through the service) which parts it holds to resume after a reload, and completes: the service lists the parts
 * itself, joins them, checks the size and creates the job. Completing again answers the same job, never a second
 * one: the job is submitted under the idempotency key {@code upload:<id>}. Only the upload's owner may use it.
 */
@ApplicationScoped
public class Uploads {

    private static final Logger LOG = Logger.getLogger(Uploads.class);
    /** S3's most parts in one multipart upload. */
    static final int MAX_PARTS = 10_000;
    /** Most part URLs one call hands out. */
    static final int MAX_URLS_PER_CALL = 100;
    private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
    private static final String INSERT = """
            INSERT INTO uploads (id, owner_id, storage_key, store_upload_id, file_name, content_type, size_bytes,
                                 part_size, part_count, stages, options_json, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""";
    private static final String SELECT = "SELECT * FROM uploads WHERE id = $1";
    private static final String COMPLETED = "UPDATE uploads SET status = 'COMPLETED', job_id = $2 WHERE id = $1";
    private static final String ABORTING = """
            UPDATE uploads SET status = 'ABORTING', expires_at = now() WHERE id = $1 AND status IN ('UPLOADING', 'ABORTING')""";
    static final String ABORTED = "UPDATE uploads SET status = 'ABORTED' WHERE id = ANY($1::uuid[])";

    /** What a client declares when it starts an upload. */
    public record NewUpload(String fileName, long size, String contentType, List<StageId> stages, JobOptions options) {
    }

    /** A started upload and the URLs of its first parts. */
    public record Started(Upload upload, List<PartUrl> parts) {
    }

    /** An upload and the parts the store holds of it. */
    public record State(Upload upload, List<StoredPart> partsDone) {
    }

    private final MediaStorage storage;
    private final Pool pool;
    private final Vertx vertx;
    private final JobSubmissions submissions;
    private final JobReader reader;
    private final SubmissionRateLimiter rateLimiter;
    private final ThumbnailLinks links;
    private final UploadsConfig config;
    private final ObjectMapper mapper;
    private final long maxUploadSize;

    public Uploads(MediaStorage storage, Pool pool, Vertx vertx, JobSubmissions submissions, JobReader reader,
                   SubmissionRateLimiter rateLimiter, ThumbnailLinks links, UploadsConfig config, ObjectMapper mapper,
                   @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxUploadSize) {
        this.storage = storage;
        this.pool = pool;
        this.vertx = vertx;
        this.submissions = submissions;
        this.reader = reader;
        this.rateLimiter = rateLimiter;
        this.links = links;
        this.config = config;
        this.mapper = mapper;
        this.maxUploadSize = maxUploadSize.asLongValue();
    }

    /** Starts an upload: the store's multipart upload, its row, and URLs for the first parts. */
    public Uni<Started> start(Caller caller, NewUpload request) {
        if (request.size() <= 0) {
            throw ServiceException.invalid("size", "must be at least 1");
        }
        if (request.size() > maxUploadSize) {
            throw new ServiceException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The file is too large; the limit for uploads is " + maxUploadSize + " bytes");
        }
        long partSize = config.partSize().asLongValue();
        long partCount = (request.size() + partSize - 1) / partSize;
        if (partCount > MAX_PARTS) {
            throw new ServiceException(ErrorCode.PAYLOAD_TOO_LARGE, "The file is too large; the limit for uploads is "
                    + partSize * MAX_PARTS + " bytes (" + MAX_PARTS + " parts of " + partSize + ")");
        }
        String contentType = request.contentType() == null || request.contentType().isBlank()
                ? UploadedMedia.contentType(request.fileName()) : request.contentType().strip();
        if (!MEDIA_TYPE.matcher(contentType).matches()) {
            throw ServiceException.invalid("content_type", "must be a media type such as video/mp4");
        }
        rateLimiter.acquire(caller.userId());
        UUID id = UUID.randomUUID();
        String key = StorageKeys.upload(id);
        String fileName = UploadedMedia.cleanName(request.fileName());
        Instant expires = Instant.now().plus(config.abandonAfter());
        return vertx.executeBlocking(Uni.createFrom().item(() -> blocking(() -> storage.startMultipart(key, contentType))), false)
                .chain(storeUploadId -> {
                    Upload upload = new Upload(id, caller.userId(), key, storeUploadId, fileName, contentType,
                            request.size(), partSize, (int) partCount, request.stages(), request.options(),
                            UploadStatus.UPLOADING, null, expires);
                    return pool.preparedQuery(INSERT).execute(Tuple.tuple(List.of(id, caller.userId(), key, storeUploadId,
                                    fileName == null ? "" : fileName, contentType, request.size(), partSize, (int) partCount,
                                    json(request.stages()), json(request.options()), expires.atOffset(ZoneOffset.UTC))))
                            .onFailure().call(() -> abortInStore(upload))
                            .replaceWith(upload);
                })
                .map(upload -> new Started(upload, urls(upload,
                        IntStream.rangeClosed(1, Math.min(upload.partCount(), config.firstPartUrls())).boxed().toList())));
    }

    /** Fresh URLs for some parts of one of the caller's uploads still in progress. */
    public Uni<List<PartUrl>> partUrls(Caller caller, UUID id, List<Integer> partNumbers) {
        return owned(caller, id).map(upload -> {
            requireUploading(upload);
            if (partNumbers == null || partNumbers.isEmpty() || partNumbers.size() > MAX_URLS_PER_CALL) {
                throw ServiceException.invalid("part_numbers", "must name 1 to " + MAX_URLS_PER_CALL + " parts");
            }
            for (Integer number : partNumbers) {
                if (number == null || number < 1 || number > upload.partCount()) {
                    throw ServiceException.invalid("part_numbers", "must be between 1 and " + upload.partCount());
                }
            }
            return urls(upload, partNumbers.stream().distinct().sorted().toList());
        });
    }

    /** One of the caller's uploads, with the parts the store holds (none once it is completed or aborted). */
    public Uni<State> state(Caller caller, UUID id) {
        return owned(caller, id).chain(upload -> upload.status() != UploadStatus.UPLOADING
                ? Uni.createFrom().item(new State(upload, List.of()))
                : vertx.executeBlocking(Uni.createFrom().item(() -> new State(upload, storedParts(upload))), false));
    }

    /**
     * Joins the parts of one of the caller's uploads into its object and creates the job, once: a repeated call
     * answers the same job ({@code replayed}).
     */
    public Uni<SubmitResult> complete(Caller caller, UUID id) {
        return owned(caller, id).chain(upload -> switch (upload.status()) {
            case COMPLETED -> upload.jobId() == null
                    ? Uni.createFrom().failure(new ServiceException(ErrorCode.CONFLICT, "The upload's job was deleted"))
                    : reader.get(caller, upload.jobId()).map(details -> new SubmitResult(details, true));
            case ABORTING, ABORTED -> Uni.createFrom().failure(new ServiceException(ErrorCode.CONFLICT,
                    "The upload was aborted; start a new one"));
            case UPLOADING -> vertx.executeBlocking(Uni.createFrom().item(() -> {
                        join(upload);
                        return upload;
                    }), false)
                    .chain(joined -> submit(caller, joined))
                    .call(result -> pool.preparedQuery(COMPLETED).execute(Tuple.of(id, result.details().job().id)));
        });
    }

    /** Aborts one of the caller's uploads and removes its parts; a completed one belongs to its job. */
    public Uni<Void> abort(Caller caller, UUID id) {
        return owned(caller, id).chain(upload -> switch (upload.status()) {
            case COMPLETED -> Uni.createFrom().failure(new ServiceException(ErrorCode.CONFLICT,
                    "The upload is completed; delete its job instead"));
            case ABORTED -> Uni.createFrom().voidItem();
            case UPLOADING, ABORTING -> pool.preparedQuery(ABORTING).execute(Tuple.of(id))
                    .chain(() -> abortInStore(upload))
                    .chain(aborted -> aborted ? pool.preparedQuery(ABORTED).execute(Tuple.of((Object) new UUID[] {id}))
                            .replaceWithVoid() : Uni.createFrom().voidItem());
        });
    }

    /**
     * Stores a part sent to the service's own signed part URL (local storage); answers its ETag. The signature
     * vouches for the upload and part number, so no token is needed, as with a presigned S3 URL.
     */
    public Uni<String> receivePart(UUID id, int partNumber, long expires, String signature, byte[] content) {
        if (!links.verifyUploadPart(id, partNumber, expires, signature)) {
            return Uni.createFrom().failure(new ServiceException(ErrorCode.FORBIDDEN,
                    "The part URL is invalid or has expired; ask POST /api/uploads/{upload_id}/parts for a new one"));
        }
        return load(id).chain(upload -> {
            if (upload == null) {
                return Uni.createFrom().failure(ServiceException.notFound("Upload"));
            }
            requireUploading(upload);
            if (content.length > upload.expectedPartSize(partNumber)) {
                return Uni.createFrom().failure(new ServiceException(ErrorCode.PAYLOAD_TOO_LARGE, "Part " + partNumber
                        + " has " + content.length + " bytes; it must have " + upload.expectedPartSize(partNumber)));
            }
            return vertx.executeBlocking(Uni.createFrom().item(() -> blocking(() -> storage.putPart(upload.storageKey(),
                    upload.storeUploadId(), partNumber, new ByteArrayInputStream(content), content.length))), false);
        });
    }

    /**
     * Checks every part is stored with its size, then joins them. An upload the store no longer has was joined by an
     * earlier call that did not get to record it: its object stands, if its size is right.
     */
    private void join(Upload upload) {
        List<StoredPart> stored;
        try {
            stored = storage.parts(upload.storageKey(), upload.storeUploadId());
        } catch (NoSuchFileException e) {
            if (storedSize(upload) == upload.size()) {
                return;
            }
            throw new ServiceException(ErrorCode.CONFLICT, "The store no longer holds this upload; start a new one");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, StoredPart> byNumber = new TreeMap<>();
        stored.forEach(part -> byNumber.put(part.partNumber(), part));
        List<FieldError> problems = new ArrayList<>();
        List<StoredPart> parts = new ArrayList<>();
        for (int number = 1; number <= upload.partCount(); number++) {
            StoredPart part = byNumber.get(number);
            long expected = upload.expectedPartSize(number);
            if (part == null) {
                problems.add(new FieldError("parts[" + number + "]", "is missing"));
            } else if (part.size() != expected) {
                problems.add(new FieldError("parts[" + number + "]", "has " + part.size() + " bytes; it must have " + expected));
            } else {
                parts.add(part);
            }
        }
        if (!problems.isEmpty()) {
            throw new ServiceException(ErrorCode.UPLOAD_INCOMPLETE, problems.size() + " of " + upload.partCount()
                    + " parts are missing or have the wrong size: upload them, then complete again",
                    problems.subList(0, Math.min(problems.size(), 100)));
        }
        blocking(() -> {
            storage.completeMultipart(upload.storageKey(), upload.storeUploadId(), parts);
            return null;
        });
        long size = storedSize(upload);
        if (size != upload.size()) {
            throw new ServiceException(ErrorCode.UPLOAD_INCOMPLETE, "The joined file has " + size
                    + " bytes, not the " + upload.size() + " declared");
        }
    }

    private Uni<SubmitResult> submit(Caller caller, Upload upload) {
        String once = "upload:" + upload.id();
        UploadedMedia media = new UploadedMedia(upload.storageKey(), upload.fileName(), upload.size(), once);
        return submissions.submit(caller, new SubmitJobCommand(null, upload.stages(), upload.options(), once, media));
    }

    /** Aborts the upload in the store; false (logged) when the store cannot do it now: the sweep tries again. */
    Uni<Boolean> abortInStore(Upload upload) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                storage.abortMultipart(upload.storageKey(), upload.storeUploadId());
                return true;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Cannot abort upload %s in the store now (%s); the abandoned-upload sweep tries again",
                        upload.id(), e.getMessage());
                return false;
            }
        }), false);
    }

    private List<StoredPart> storedParts(Upload upload) {
        try {
            return storage.parts(upload.storageKey(), upload.storeUploadId());
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long storedSize(Upload upload) {
        try {
            return storage.size(upload.storageKey());
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<PartUrl> urls(Upload upload, List<Integer> partNumbers) {
        Instant expires = Instant.now().plus(config.partUrlTtl());
        return partNumbers.stream().map(number -> new PartUrl(number, storage
                .partUploadUrl(upload.storageKey(), upload.storeUploadId(), number, config.partUrlTtl())
                .map(Object::toString)
                .orElseGet(() -> links.signedUploadPartPath(upload.id(), number, expires)), expires)).toList();
    }

    private static void requireUploading(Upload upload) {
        if (upload.status() != UploadStatus.UPLOADING) {
            throw new ServiceException(ErrorCode.CONFLICT, "The upload is " + upload.status().name().toLowerCase()
                    + "; it takes no more parts");
        }
    }

    /** The upload, if the caller owns it (uploads are owner-only, admins included): else 404 as for a missing one. */
    private Uni<Upload> owned(Caller caller, UUID id) {
        return load(id).map(upload -> {
            if (upload == null || !upload.ownerId().equals(caller.userId())) {
                throw ServiceException.notFound("Upload");
            }
            return upload;
        });
    }

    private Uni<Upload> load(UUID id) {
        return pool.preparedQuery(SELECT).execute(Tuple.of(id)).map(rows -> {
            for (Row row : rows) {
                return upload(row);
            }
            return null;
        });
    }

    private Upload upload(Row row) {
        try {
            String fileName = row.getString("file_name");
            return new Upload(row.getUUID("id"), row.getString("owner_id"), row.getString("storage_key"),
                    row.getString("store_upload_id"), fileName.isEmpty() ? null : fileName, row.getString("content_type"),
                    row.getLong("size_bytes"), row.getLong("part_size"), row.getInteger("part_count"),
                    mapper.readValue(row.getString("stages"), new TypeReference<List<StageId>>() { }),
                    mapper.readValue(row.getString("options_json"), JobOptions.class),
                    UploadStatus.valueOf(row.getString("status")), row.getUUID("job_id"),
                    row.getOffsetDateTime("expires_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable upload row " + row.getUUID("id"), e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a store call on a worker thread, its I/O failure unchecked. */
    private static <T> T blocking(StoreCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws IOException;
    }
}
