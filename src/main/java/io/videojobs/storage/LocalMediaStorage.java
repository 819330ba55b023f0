package io.videojobs.storage;

import io.videojobs.config.StorageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link MediaStorage} in a local directory ({@code video-jobs.storage.type=local}, the default: nothing to set up for
 * {@code quarkus:dev} and the tests); objects appear atomically, so a reader never sees half a file.
 */
class LocalMediaStorage implements MediaStorage {

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
        Path dir = resolve(prefix);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
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
