package io.videojobs.storage;

import io.videojobs.config.StorageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link MediaStorage} in a local directory ({@code video-jobs.storage.type=local}, the default: nothing to set up for
 * {@code quarkus:dev} and the tests); objects appear atomically, so a reader never sees half a file. Multipart uploads
 * are directories under {@code .multipart/}; their parts reach the service itself through its signed part URLs.
 */
class LocalMediaStorage implements MediaStorage {

    /** Multipart uploads: a directory each, holding the object's key, the parts by number and their ETags. */
    private static final String MULTIPART = ".multipart";
    private static final String KEY_FILE = "key";
    private static final String ETAG_SUFFIX = ".etag";
    private static final Pattern PART = Pattern.compile("\\d+");

    private final Path root;

    LocalMediaStorage(StorageConfig config) {
        this.root = Path.of(config.directory()).toAbsolutePath().normalize();
    }

    @Override
    public Path put(String key, Path file, String contentType) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path staging = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        Files.move(file, staging, StandardCopyOption.REPLACE_EXISTING);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public Path localFile(String key, Path downloadTo) throws IOException {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(key);
        }
        return path;
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(resolve(key));
    }

    @Override
    public Optional<URI> directReadUrl(String key, String contentType) {
        return Optional.empty();
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        deleteTree(resolve(prefix));
    }

    @Override
    public String startMultipart(String key, String contentType) throws IOException {
        String uploadId = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(multipart(uploadId));
        Files.writeString(dir.resolve(KEY_FILE), key, StandardCharsets.UTF_8);
        return uploadId;
    }

    @Override
    public Optional<URI> partUploadUrl(String key, String uploadId, int partNumber, Duration ttl) {
        return Optional.empty();
    }

    @Override
    public String putPart(String key, String uploadId, int partNumber, InputStream content, long length) throws IOException {
        Path dir = existingMultipart(key, uploadId);
        Path staging = dir.resolve("." + partNumber + "." + UUID.randomUUID() + ".part");
        MessageDigest md5 = md5();
        try (InputStream in = new DigestInputStream(content, md5)) {
            Files.copy(in, staging);
        }
        String etag = "\"" + HexFormat.of().formatHex(md5.digest()) + "\"";
        Files.writeString(dir.resolve(partNumber + ETAG_SUFFIX), etag, StandardCharsets.UTF_8);
        Files.move(staging, dir.resolve(Integer.toString(partNumber)), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        return etag;
    }

    @Override
    public List<StoredPart> parts(String key, String uploadId) throws IOException {
        Path dir = existingMultipart(key, uploadId);
        List<StoredPart> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(path -> PART.matcher(path.getFileName().toString()).matches()).toList()) {
                int number = Integer.parseInt(file.getFileName().toString());
                Path etag = dir.resolve(number + ETAG_SUFFIX);
                parts.add(new StoredPart(number, Files.size(file),
                        Files.exists(etag) ? Files.readString(etag, StandardCharsets.UTF_8) : ""));
            }
        }
        parts.sort(Comparator.comparingInt(StoredPart::partNumber));
        return parts;
    }

    @Override
    public void completeMultipart(String key, String uploadId, List<StoredPart> parts) throws IOException {
        Path dir = existingMultipart(key, uploadId);
        Path joined = dir.resolve(".joined");
        try (OutputStream out = Files.newOutputStream(joined)) {
            for (StoredPart part : parts) {
                Files.copy(dir.resolve(Integer.toString(part.partNumber())), out);
            }
        }
        put(key, joined, null);
        deleteTree(dir);
    }

    @Override
    public void abortMultipart(String key, String uploadId) throws IOException {
        deleteTree(multipart(uploadId));
    }

    @Override
    public List<Map.Entry<String, String>> multipartsStartedBefore(String prefix, Instant before) throws IOException {
        Path uploads = root.resolve(MULTIPART);
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        List<Map.Entry<String, String>> old = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(uploads)) {
            for (Path dir : dirs.toList()) {
                Path keyFile = dir.resolve(KEY_FILE);
                if (Files.exists(keyFile) && Files.getLastModifiedTime(keyFile).toInstant().isBefore(before)) {
                    String key = Files.readString(keyFile, StandardCharsets.UTF_8);
                    if (key.startsWith(prefix)) {
                        old.add(Map.entry(key, dir.getFileName().toString()));
                    }
                }
            }
        }
        return old;
    }

    /** The directory of a multipart upload, which must exist and be of this key. */
    private Path existingMultipart(String key, String uploadId) throws IOException {
        Path dir = multipart(uploadId);
        Path keyFile = dir.resolve(KEY_FILE);
        if (!Files.exists(keyFile) || !Files.readString(keyFile, StandardCharsets.UTF_8).equals(key)) {
            throw new NoSuchFileException("multipart upload " + uploadId);
        }
        return dir;
    }

    private Path multipart(String uploadId) {
        return resolve(MULTIPART + "/" + UUID.fromString(uploadId));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("Storage key escapes the storage directory: " + key);
        }
        return path;
    }
}
